/**
 * The version of the validation rules (src-shared/rules and the code tables they read). The desktop
 * sends the version it checked a batch with; the server answers with its own in the reference data,
 * so a desktop that is behind can say "please update" instead of arguing about a row. Raise it with
 * every change that makes a row pass or fail differently.
 */
export const RULES_VERSION = '2026.11.1';
