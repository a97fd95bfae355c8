/**
 * The one Content-Security-Policy of the window: our own code only, no inline script, no eval, no
 * other site. The Electron window sends it with every file of the renderer (src-main/electron/
 * app-protocol.ts) and the web bridge with every file it serves; src-renderer/index.html carries the
 * same string in its <meta> tag (a test checks the three agree). `style-src 'unsafe-inline'` is for
 * Ant Design, which writes its styles into <style> elements at run time.
 */
export const CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'";
