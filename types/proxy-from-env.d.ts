// proxy-from-env ships no types; this is its whole API.
declare module 'proxy-from-env' {
  /** The proxy URL the environment (HTTPS_PROXY, HTTP_PROXY, ALL_PROXY, NO_PROXY) names for `url`; '' for none. */
  export function getProxyForUrl(url: string | URL): string;
}
