/** What other modules may use of identity besides its services: provider names and the provider route parameter. */
export type { ProviderName } from './schemas/identity.schema';
export { PROVIDERS } from './schemas/identity.schema';
export { ProviderParam } from './dto/provider.param';
export { OAuthProviders } from './providers/oauth-providers';
export { SessionHandleParam } from './dto/session-handle.param';
