import { useEffect, useState } from 'react';
import { Spin } from 'antd';
import type { UserView } from '../src-shared/contract/sync-api.js';
import { callApi, storedToken, storeToken, whenSessionEnds, whenSessionLapses } from './api/console-client.js';
import { LoginPage } from './pages/LoginPage.js';
import { ChangePasswordPage } from './pages/ChangePasswordPage.js';
import { SignInAgainDialog } from './pages/SignInAgainDialog.js';
import { ConsoleShell } from './ConsoleShell.js';

/** Who is at the console: nobody yet, someone who must change the password first, or signed in. */
type Session = { state: 'checking' } | { state: 'signed-out'; notice?: string } | { state: 'must-change'; user: UserView } | { state: 'ready'; user: UserView };

/** A refused token while signed in: the server's reason, and how to answer the requests waiting on it. */
type Lapse = { reason: string; resolve: (signedInAgain: boolean) => void };

/** The console is for reviewers and administrators; a unit's account works in the desktop app. */
export const UNIT_REFUSED = '这是执法单位的账号，不能登录审核控制台。执法单位请使用“执法人员报名助手”桌面程序报名和提交；如需审核权限，请联系管理员。';

export function ConsoleApp() {
  const [session, setSession] = useState<Session>({ state: 'checking' });
  const [lapse, setLapse] = useState<Lapse>();
  const ready = session.state === 'ready';

  useEffect(() => {
    whenSessionEnds((message) => setSession({ state: 'signed-out', notice: message }));
    if (!storedToken()) {
      setSession({ state: 'signed-out' });
      return;
    }
    void callApi('GET /me').then((r) => {
      if (!r.ok) setSession({ state: 'signed-out', ...(r.error.code === 'auth.must_change_password' ? {} : { notice: r.error.message }) });
      else setSession({ state: 'ready', user: r.value.user });
    });
  }, []);

  // Signed in, a refused token asks for the password over the page instead of leaving it: what the
  // reviewer typed stays, and the requests waiting in console-client go out again afterwards.
  useEffect(() => {
    if (!ready) return;
    whenSessionLapses((reason) => new Promise<boolean>((resolve) => setLapse({ reason, resolve })));
    return () => whenSessionLapses(null);
  }, [ready]);
  // Left the signed-in console some other way (signed out, the account disabled): nobody waits any more.
  useEffect(() => {
    if (!ready && lapse) {
      lapse.resolve(false);
      setLapse(undefined);
    }
  }, [ready, lapse]);

  const signedIn = (user: UserView) => {
    if (user.role === 'unit') {
      void callApi('POST /auth/logout').finally(() => storeToken(null));
      setSession({ state: 'signed-out', notice: UNIT_REFUSED });
      return;
    }
    setSession(user.mustChangePassword ? { state: 'must-change', user } : { state: 'ready', user });
  };
  const signOut = () => {
    void callApi('POST /auth/logout').finally(() => storeToken(null));
    setSession({ state: 'signed-out', notice: '已退出登录。' });
  };
  const signedInAgain = (user: UserView) => {
    if (user.mustChangePassword) {
      // Reset by an administrator meanwhile: the server allows nothing but a new password now.
      setSession({ state: 'must-change', user });
      return;
    }
    lapse?.resolve(true);
    setLapse(undefined);
    // The same account; a new object only if something about it changed, so the pages keep their state.
    if (session.state === 'ready' && JSON.stringify(session.user) !== JSON.stringify(user)) setSession({ state: 'ready', user });
  };

  switch (session.state) {
    case 'checking':
      return <Spin fullscreen tip="正在连接服务器…" />;
    case 'signed-out':
      return <LoginPage notice={session.notice} onSignedIn={signedIn} />;
    case 'must-change':
      return <ChangePasswordPage user={session.user} forced onDone={(user) => setSession({ state: 'ready', user })} onCancel={signOut} />;
    case 'ready':
      return (
        <>
          <ConsoleShell user={session.user} onUserChanged={(user) => setSession({ state: 'ready', user })} onSignOut={signOut} />
          <SignInAgainDialog
            open={lapse !== undefined}
            username={session.user.username}
            reason={lapse?.reason ?? ''}
            onSignedIn={signedInAgain}
            onRefused={(message) => {
              storeToken(null);
              setSession({ state: 'signed-out', notice: message });
            }}
            onCancel={signOut}
          />
        </>
      );
  }
}
