import Bowser from 'bowser';

/** "Chrome 131, Windows" out of a full User-Agent: enough to tell the counter PC from a phone. */
export function shortAgent(ua: string | undefined): string {
  if (!ua) return '';
  const { browser, os } = Bowser.parse(ua);
  if (!browser.name) return ua.slice(0, 40);
  const major = browser.version?.split('.')[0];
  const name = major ? `${browser.name} ${major}` : browser.name;
  return os.name ? `${name}, ${os.name}` : name;
}

/** The client's address and a shortened User-Agent, as the audit log records them. */
export function deviceOf(ip: string, ua: string | undefined): string {
  const agent = shortAgent(ua);
  return agent ? `${ip} ${agent}` : ip;
}
