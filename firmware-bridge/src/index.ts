export * from './printer/index';
export * from './actions';
export * from './display/index';
export * from './mqtt/index';
export * from './hid/index';
export * from './agent/config';
export * from './agent/agent';
export * from './agent/server-link';
