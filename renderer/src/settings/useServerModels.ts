import { useEffect, useState } from 'react';
import { bridge } from '../bridge';
import { errorMessage } from '../ui/errorMessage';
import { validUrl } from './providerDraft';

export type ServerModels = { status: 'idle' } | { status: 'loading' } | { status: 'ready'; models: string[] } | { status: 'failed'; message: string };

/** Asked once typing pauses, not on every keystroke of an address. */
const ASK_AFTER_MS = 400;

/**
 * The models a server lists, asked through the engine (the page itself may not reach the
 * server). The key typed is used, else the saved provider's.
 */
export function useServerModels(baseUrl: string, apiKey: string, providerId: string | null): ServerModels {
  const [models, setModels] = useState<ServerModels>({ status: 'idle' });
  const url = baseUrl.trim().replace(/\/+$/, '');
  const key = apiKey.trim();

  useEffect(() => {
    if (!validUrl(url)) {
      setModels({ status: 'idle' });
      return;
    }
    let current = true;
    setModels({ status: 'loading' });
    const timer = setTimeout(() => {
      bridge.call('providers.models', { baseUrl: url, ...(key ? { apiKey: key } : {}), ...(providerId ? { id: providerId } : {}) }).then(
        (listed) => {
          if (current) setModels({ status: 'ready', models: listed.models });
        },
        (error: unknown) => {
          if (current) setModels({ status: 'failed', message: errorMessage(error) });
        },
      );
    }, ASK_AFTER_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [url, key, providerId]);

  return models;
}
