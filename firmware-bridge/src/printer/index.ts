export * from './types';
export * from './codepage';
export * from './ticket';
export * from './tcp';
export * from './file';
export * from './virtual';
export * from './url';
