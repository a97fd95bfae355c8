import { useEffect, useState } from 'react';
import { fetchBlob } from '../api/console-client.js';

/**
 * A reviewer's file (photo, evidence) as an object URL: fetched with the token, because an <img src>
 * cannot send one. Revoked when the component goes or the file changes.
 */
export function useBlobUrl(sha256: string | undefined): { url?: string; blob?: Blob; error?: string } {
  const [state, setState] = useState<{ url?: string; blob?: Blob; error?: string }>({});
  useEffect(() => {
    if (!sha256) {
      setState({});
      return;
    }
    let live = true;
    let url: string | undefined;
    setState({});
    void fetchBlob(`/review/blobs/${sha256}`).then((r) => {
      if (!live) return;
      if (!r.ok) setState({ error: r.error.message });
      else {
        url = URL.createObjectURL(r.value);
        setState({ url, blob: r.value });
      }
    });
    return () => {
      live = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [sha256]);
  return state;
}
