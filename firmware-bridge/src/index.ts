export * from './printer/index';
