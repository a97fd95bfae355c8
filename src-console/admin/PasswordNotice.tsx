import { Modal, Typography } from 'antd';

/**
 * A new initial password, shown once: the server keeps only its hash. The administrator hands it over;
 * the person must change it at first login.
 */
export function PasswordNotice({ issued, onClose }: { issued: { username: string; password: string; reason: string } | undefined; onClose: () => void }) {
  return (
    <Modal open={issued !== undefined} title={issued?.reason} onOk={onClose} onCancel={onClose} okText="我已记下" cancelButtonProps={{ style: { display: 'none' } }}>
      <Typography.Paragraph>
        用户名：<Typography.Text strong>{issued?.username}</Typography.Text>
      </Typography.Paragraph>
      <Typography.Paragraph>
        初始密码：
        <Typography.Text strong copyable code data-testid="initial-password">
          {issued?.password}
        </Typography.Text>
      </Typography.Paragraph>
      <Typography.Paragraph type="warning">这个密码只显示这一次，服务器不保存明文。请现在记下并交给本人；对方首次登录后必须改成自己的密码。</Typography.Paragraph>
    </Modal>
  );
}
