const browsers = ['Electron', 'Edg', 'OPR', 'Firefox', 'Chrome', 'Version', 'curl', 'Wget'] as const;
const names: Record<string, string> = { Edg: 'Edge', OPR: 'Opera', Version: 'Safari' };
const systems: [RegExp, string][] = [
  [/Windows/, 'Windows'],
  [/Android/, 'Android'],
  [/iPhone|iPad/, 'iOS'],
  [/Mac OS X/, 'macOS'],
  [/CrOS/, 'ChromeOS'],
  [/Linux/, 'Linux'],
];

/** "Chrome 131, Windows" out of a full User-Agent: enough to tell the counter PC from a phone. */
export function shortAgent(ua: string | undefined): string {
  if (!ua) return '';
  let browser: string | undefined;
  for (const name of browsers) {
    const m = new RegExp(`\\b${name}/(\\d+)`).exec(ua);
    if (m) {
      browser = `${names[name] ?? name} ${m[1]}`;
      break;
    }
  }
  const system = systems.find(([re]) => re.test(ua))?.[1];
  if (!browser) return ua.slice(0, 40);
  return system ? `${browser}, ${system}` : browser;
}

/** The client's address and a shortened User-Agent, as the audit log records them. */
export function deviceOf(ip: string, ua: string | undefined): string {
  const agent = shortAgent(ua);
  return agent ? `${ip} ${agent}` : ip;
}
