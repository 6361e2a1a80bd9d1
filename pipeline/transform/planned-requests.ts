/**
 * Lists every request body a transform result holds, with the schema that checks it and
 * the official operation it is sent to, in the order a sink would send them. For
 * validating results (`toIntercomRequests`) and for dry-run plans.
 */
import type { TransformedConversation } from './build-conversation.ts';
import type { IntercomSchemaName } from './payload-types.ts';
import type { TransformedArticle } from './transform-article.ts';
import type { TransformedContact } from './transform-contact.ts';

/** Any transform result. */
export type TransformResult = TransformedContact | TransformedConversation | TransformedArticle;

/** One request body with where it goes. */
export interface PlannedRequest {
  schema: IntercomSchemaName;
  /** Where in the result the payload sits (`parts/3/payload`). */
  path: string;
  payload: unknown;
}

/**
 * The request bodies of `result`: a contact's create and update; a conversation's create,
 * parts, update and tag requests; an article's create.
 *
 * @example
 * plannedRequests(transformContact(customer, context)).map((r) => r.schema); // ['create-contact', 'update-contact']
 */
export function plannedRequests(result: TransformResult): PlannedRequest[] {
  const out: PlannedRequest[] = [];
  const add = (schema: IntercomSchemaName, path: string, payload: unknown) => {
    if (payload !== null && payload !== undefined) out.push({ schema, path, payload });
  };
  switch (result.kind) {
    case 'contact':
      add('create-contact', 'create', result.create);
      add('update-contact', 'update', result.update);
      break;
    case 'conversation':
      add('create-conversation', 'conversation', result.conversation);
      result.parts.forEach((part, i) => add(part.operation === 'replyConversation' ? 'reply-conversation' : 'manage-conversation', `parts/${i}/payload`, part.payload));
      add('update-conversation', 'update', result.update);
      result.tags.forEach((tag, i) => add('tag-conversation', `tags/${i}/request`, tag.request));
      break;
    case 'article':
      add('create-article', 'article', result.article);
      add('create-internal-article', 'internalArticle', result.internalArticle);
      break;
  }
  return out;
}
