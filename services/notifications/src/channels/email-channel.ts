import nodemailer, { type Transporter } from 'nodemailer';
import { Logger } from '@nestjs/common';
import type { NotificationView } from '@cadre/contracts';
import type { DirectoryReplica } from '@cadre/directory';
import { beijingTime } from '../messages/domain/format';
import type { ChannelRecipient, DeliveryOutcome, NotificationChannel } from './notification-channel';

export interface EmailChannelOptions {
  enabled: boolean;
  /** `smtp://host:port` (or `smtps://user:pass@host:465`). */
  smtpUrl: string;
  from: string;
  /** The console's base URL, for the link in the mail. */
  consoleUrl: string;
}

/** The mail for a message: Chinese subject and body, with the link into the console. Pure. */
export function emailOf(message: NotificationView, recipient: ChannelRecipient, consoleUrl: string): { subject: string; text: string } {
  const link = `${consoleUrl.replace(/\/+$/, '')}${message.link.startsWith('/') ? '' : '/'}${message.link}`;
  return {
    subject: `【激励一张网】${message.title}`,
    text: [`${recipient.name}，您好：`, '', message.title, message.body, '', `查看详情：${link}`, '', `（${beijingTime(message.createdAt)}，北京时间。本邮件由系统自动发送，请勿回复。）`].join('\n'),
  };
}

/** E-mail over SMTP (nodemailer) to the user's address in the directory replica; none → skipped. Off by default. */
export class EmailChannel implements NotificationChannel {
  readonly name = 'email';
  private transporter?: Transporter;

  constructor(
    private readonly options: EmailChannelOptions,
    private readonly directory: Pick<DirectoryReplica, 'emailOf'>,
    private readonly logger: Pick<Logger, 'log'> = new Logger('EmailChannel'),
  ) {}

  get enabled(): boolean {
    return this.options.enabled;
  }

  async deliver(message: NotificationView, recipient: ChannelRecipient): Promise<DeliveryOutcome> {
    const to = await this.directory.emailOf(recipient.userId);
    if (!to) {
      this.logger.log(`no e-mail address for user ${recipient.userId}: message ${message.id} not mailed`);
      return { sent: false, reason: 'no address' };
    }
    this.transporter ??= nodemailer.createTransport(this.options.smtpUrl);
    const mail = emailOf(message, recipient, this.options.consoleUrl);
    await this.transporter.sendMail({ from: this.options.from, to, subject: mail.subject, text: mail.text, headers: { 'X-Notification-Id': message.id } });
    return { sent: true };
  }

  close(): void {
    this.transporter?.close();
  }
}
