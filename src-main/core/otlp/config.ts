// The `otlp` section of monitor.json: where the OTLP/HTTP receiver listens, its optional API key
// and its body cap. Kept apart from the receiver so reading the config never opens a socket.
import { z } from 'zod';
import { fieldsSection } from '../config/section';
import { sizeBetween } from '../config/values';

export interface OtlpConfig {
  enabled: boolean;
  port: number;
  /** null: no key asked for. */
  apiKey: string | null;
  /** Largest body accepted, measured after decompression. */
  maxBodyBytes: number;
}

export const DEFAULT_OTLP: OtlpConfig = { enabled: true, port: 4318, apiKey: null, maxBodyBytes: 20 * 1024 ** 2 };

export const otlpSection = fieldsSection({
  key: 'otlp',
  description: 'The OTLP/HTTP trace receiver on 127.0.0.1',
  example: '{"port": 4318, "apiKey": "secret"}',
  default: DEFAULT_OTLP,
  shape: {
    enabled: z.boolean().meta({ description: 'receive OTLP traces (default true)' }),
    port: z.number().int().min(1).max(65535).meta({ description: 'port on 127.0.0.1 (default 4318)' }),
    apiKey: z.string().min(1).meta({ description: 'when set, senders must give it as x-otlp-api-key or Authorization: Bearer' }),
    maxBodyBytes: sizeBetween('largest body after decompression (default 20MiB)', 1024, 1024 ** 3),
  },
  apply: (value, field, parsed) => ({ ...value, [field]: parsed }),
});
