import { useCallback, useRef, useState, type ReactNode } from 'react';
import { Input, Modal, Typography } from 'antd';
import { FILE_FILTERS, type DesktopDialogs } from '../../src-shared/contract/desktop-dialogs.js';

declare global {
  interface Window {
    /** The Electron window's native dialogs (src-main/electron/preload.ts); absent in a browser. */
    zfbmDialogs?: DesktopDialogs;
  }
}

/**
 * Asks for a file or folder path. In the Electron window the shell's native dialogs answer (see
 * src-shared/contract/desktop-dialogs.ts, `window.zfbmDialogs`); in a browser on the web bridge the
 * files are on the machine running the bridge, so the clerk (or the test) types the full path.
 */
export interface PathPromptOptions {
  title: string;
  /** open: one existing file; files: several files or folders; save: where to write. */
  mode: 'open' | 'files' | 'save';
  hint?: string;
  defaultPath?: string;
  /** The file types the native dialog offers. */
  filter?: keyof typeof FILE_FILTERS;
}

/** The window's native dialog for `o`, or undefined in a browser. */
async function nativeDialog(o: PathPromptOptions): Promise<string[] | undefined | 'none'> {
  const d = window.zfbmDialogs;
  if (!d) return 'none';
  const filters = o.filter ? [...FILE_FILTERS[o.filter]].map((f) => ({ name: f.name, extensions: [...f.extensions] })) : undefined;
  const common = { title: o.title, ...(filters ? { filters } : {}) };
  if (o.mode === 'save') {
    const p = await d.saveFile({ ...common, ...(o.defaultPath ? { defaultPath: o.defaultPath } : {}) });
    return p ? [p] : undefined;
  }
  if (o.mode === 'files') {
    const ps = await d.openFiles(common);
    return ps.length ? ps : undefined;
  }
  const p = await d.openFile(common);
  return p ? [p] : undefined;
}

export function usePathPrompt(): [(opts: PathPromptOptions) => Promise<string[] | undefined>, ReactNode] {
  const [opts, setOpts] = useState<PathPromptOptions>();
  const [text, setText] = useState('');
  const resolver = useRef<(v: string[] | undefined) => void>(undefined);

  const ask = useCallback(async (o: PathPromptOptions) => {
    const native = await nativeDialog(o);
    if (native !== 'none') return native;
    setOpts(o);
    setText(o.defaultPath ?? '');
    return new Promise<string[] | undefined>((resolve) => {
      resolver.current = resolve;
    });
  }, []);

  const finish = (value: string[] | undefined) => {
    resolver.current?.(value);
    resolver.current = undefined;
    setOpts(undefined);
  };
  const paths = text
    .split(/\r?\n/)
    .map((l) => l.trim().replace(/^"(.*)"$/, '$1'))
    .filter(Boolean);

  const holder = (
    <Modal
      open={opts !== undefined}
      title={opts?.title}
      okText="确定"
      cancelText="取消"
      okButtonProps={{ disabled: paths.length === 0 }}
      onOk={() => finish(opts?.mode === 'files' ? paths : paths.slice(0, 1))}
      onCancel={() => finish(undefined)}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        {opts?.hint ?? (opts?.mode === 'save' ? '填写要保存到的文件的完整路径。' : '填写文件的完整路径。')}
        {opts?.mode === 'files' ? '可以填文件夹，也可以每行填一个文件。' : ''}
      </Typography.Paragraph>
      {opts?.mode === 'files' ? (
        <Input.TextArea aria-label="文件路径" rows={4} value={text} onChange={(e) => setText(e.target.value)} placeholder="例如 D:\\报名\\照片" />
      ) : (
        <Input aria-label="文件路径" value={text} onChange={(e) => setText(e.target.value)} placeholder="例如 D:\\报名\\采集表.xlsx" onPressEnter={() => paths.length && finish(paths.slice(0, 1))} />
      )}
    </Modal>
  );
  return [ask, holder];
}
