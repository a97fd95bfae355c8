/**
 * 取证 (issue 19 item 5): the certificate numbers the clerk generated for passed people, kept here
 * until (and after) the server took them. One number per person; a number is used once in this store
 * (the server checks across all units). `valid_from`/`valid_to` as computed when saved (the exam's 公告
 * date + 5 years, ended by retirement); `uploaded_at` '' until the server's answer was stored.
 */
export const MIGRATION_0009 = `
CREATE TABLE certificates (
  person_id   INTEGER PRIMARY KEY REFERENCES persons (id) ON DELETE CASCADE,
  cert_no     TEXT NOT NULL UNIQUE CHECK (length(cert_no) BETWEEN 1 AND 40),
  valid_from  TEXT NOT NULL,
  valid_to    TEXT NOT NULL,
  pattern     TEXT NOT NULL,                 -- the rule it was made with, for the record
  saved_at    TEXT NOT NULL,
  uploaded_at TEXT NOT NULL DEFAULT ''
) STRICT;
`;
