export * from './printer/index';
export * from './actions';
export * from './display/index';
export * from './mqtt/index';
export * from './hid/index';
