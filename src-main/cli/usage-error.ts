/** Wrong command-line words; the message is Chinese and says the right form. Exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
