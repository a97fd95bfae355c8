import type { ComponentProps } from 'react';
import { Input } from 'antd';

/**
 * The eye stays a mouse control: out of the Tab order, so old → Tab → new → Tab → again → Enter goes
 * from box to box as people type passwords; antd still names it (显示 / 隐藏) and toggles it on click.
 */
const EYE_OUT_OF_TAB_ORDER = { tabIndex: -1 } as const;

type Props = Omit<ComponentProps<typeof Input.Password>, 'visibilityToggle'>;

/** Every password box of the desktop window and the reviewer's console (antd's Input.Password). */
export function PasswordInput(props: Props) {
  return <Input.Password {...props} visibilityToggle={EYE_OUT_OF_TAB_ORDER} />;
}
