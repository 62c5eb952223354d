import type { ProviderConfig } from '../config/provider.js';
import type { Bridge, GatewayApi } from './bridge.js';
import { chatPassthrough, responsesPassthrough } from './passthrough.js';
import { anthropicOverChat, anthropicOverResponses, chatOverResponses, responsesOverChat } from './translatedBridges.js';

/** How a request in the client's API reaches the task's provider: as is, or translated. A new one per request. */
export function bridgeFor(client: GatewayApi, provider: ProviderConfig): Bridge {
  switch (client) {
    case 'responses':
      return provider.wire === 'responses' ? responsesPassthrough() : responsesOverChat();
    case 'chat':
      return provider.wire === 'chat' ? chatPassthrough() : chatOverResponses();
    case 'anthropic':
      return provider.wire === 'chat' ? anthropicOverChat() : anthropicOverResponses();
  }
}
