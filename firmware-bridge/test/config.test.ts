import t from 'tap';
import { ConfigError, countersOf, parseConfig } from '../src/agent/config';

const good = {
  server: { url: 'http://192.168.1.10:8080', token: 'qmsd_abc' },
  name: 'punte-parter',
  serialPorts: [{ id: 'bus1', path: '/dev/ttyUSB0', baudRate: 9600 }],
  displays: [
    { counter: 'counter-1', port: 'bus1', protocol: 'modbus', unitId: 1 },
    { counter: 'counter-2', port: 'bus1', protocol: 'ascii', address: 2, width: 4 },
  ],
  keypads: [{ counter: 'counter-1', vendorId: 0x05ac, productId: 0x0221, keys: { F1: 'next', F2: 'recall', F3: 'finish' } }],
  mqtt: { url: 'mqtt://127.0.0.1:1883', site: 'spclep', counters: { '3': 'counter-3' } },
};

t.test('a configuration is read and checked, with problems named by place', async (t) => {
  const c = parseConfig(JSON.stringify(good));
  t.same(countersOf(c), ['counter-1', 'counter-2', 'counter-3']);
  const bad = (change: object, pattern: RegExp) => t.throws(() => parseConfig(JSON.stringify({ ...good, ...change }), 'bridge.json'), { name: 'ConfigError', message: pattern });
  bad({ keypads: [{ ...good.keypads[0], keys: { F1: 'call' } }] }, /bridge\.json is not valid: \/keypads\/0\/keys\/F1/);
  bad({ displays: [{ counter: 'counter-1', port: 'bus9', protocol: 'modbus', unitId: 1 }] }, /serial port 'bus9'/);
  bad({ server: { url: 'ftp://x', token: 'qmsd_a' } }, /\/server\/url/);
  bad({ colour: 'red' }, /not valid/);
  t.throws(() => parseConfig('{ not json'), ConfigError);
});
