/**
 * Connection options from a `NATS_URL` (one or more comma-separated `nats://[user:password@]host:port`): the
 * servers without credentials, and the user and password of the first URL that has them. Credentials in the URL
 * let a deployment keep them in the same Secret as the address, as it does for MongoDB and Redis.
 */
export function natsOptions(url: string): { servers: string[]; user?: string; pass?: string } {
  let user: string | undefined;
  let pass: string | undefined;
  const servers = url
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const match = /^([a-z]+:\/\/)([^@/]*)@(.+)$/i.exec(entry);
      if (!match) return entry;
      const [name, password] = match[2].split(':');
      if (user === undefined && name) {
        user = decodeURIComponent(name);
        pass = password === undefined ? undefined : decodeURIComponent(password);
      }
      return `${match[1]}${match[3]}`;
    });
  return { servers, ...(user !== undefined ? { user } : {}), ...(pass !== undefined ? { pass } : {}) };
}
