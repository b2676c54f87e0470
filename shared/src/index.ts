export * from './queue/index';
export * from './protocol/http';
export * from './protocol/wire';
export * from './protocol/ws';
export * from './i18n/plural';
export * from './announce/phrase';
export * from './signage/schedule';
export * from './protocol/reports';
