export * from './bridge';
export { RepeatFilter, type RepeatFilterOptions, type RepeatVerdict } from './repeats';
export { mqttTopics, parseMqttCommand, maxMqttCommandBytes, type ParsedMqttCommand } from './topics';
