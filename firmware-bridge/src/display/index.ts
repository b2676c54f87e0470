export * from './types';
export * from './frames';
export * from './link';
export * from './serial-display';
export * from './modbus';
export * from './ascii';
