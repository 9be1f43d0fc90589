// The `server` section of monitor.json: settings of the web dashboard's listener.
import { Problem, scalar, show } from '../../shared/schema-kit';
import { fieldsSection } from '../config/section';
import { parseAllowedHost } from './access';

export interface ServerConfig {
  /** Extra names accepted in the Host header of the web dashboard (like --allow-host). */
  allowedHosts: string[];
}

const shape = {
  allowedHosts: scalar({ type: 'array', description: 'extra host names accepted in the Host header (like --allow-host), e.g. a reverse proxy\'s name' }, (raw) => {
    if (!Array.isArray(raw)) throw new Problem(`must be a list of host names, got ${show(raw)}`);
    return raw.map((name: unknown, i) => {
      if (typeof name !== 'string') throw new Problem(`entry ${i}: ${show(name)} is not a host name (use a string such as "monitor.home.lan")`);
      try {
        return parseAllowedHost(name);
      } catch (err) {
        throw new Problem(`entry ${i}: ${(err as Error).message}`);
      }
    });
  }),
};

export const serverSection = fieldsSection({
  key: 'server',
  description: "The web dashboard's listener (serve)",
  shape,
  example: '{"allowedHosts": ["monitor.home.lan"]}',
  default: { allowedHosts: [] } as ServerConfig,
  apply: (value, _field, parsed) => ({ ...value, allowedHosts: parsed as string[] }),
});
