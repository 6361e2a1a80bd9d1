/**
 * Every route module the Intercom simulator mounts. The server mounts exactly this list,
 * so a new module is one import and one entry here. Two modules may not claim the same
 * method and path (find-my-way refuses it at start-up).
 *
 * Contact side: admins, teams, brands, contacts, contact tags, contact search, data
 * attributes, tags. Conversation side: conversations, parts, conversation search and tags,
 * conversation attributes, articles, internal articles, collections, help centers, and the
 * public file routes that serve uploads back.
 */
import type { RouteModule } from '../context.ts';
import { adminRoutes } from './admins.ts';
import { articleRoutes } from './articles.ts';
import { brandRoutes } from './brands.ts';
import { collectionRoutes } from './collections.ts';
import { contactSearchRoutes } from './contact-search.ts';
import { contactTagRoutes } from './contact-tags.ts';
import { contactRoutes } from './contacts.ts';
import { conversationAttributeRoutes } from './conversation-attributes.ts';
import { conversationPartRoutes } from './conversation-parts.ts';
import { conversationSearchRoutes } from './conversation-search.ts';
import { conversationTagRoutes } from './conversation-tags.ts';
import { conversationRoutes } from './conversations.ts';
import { dataAttributeRoutes } from './data-attributes.ts';
import { fileRoutes } from './files.ts';
import { helpCenterRoutes } from './help-centers.ts';
import { internalArticleRoutes } from './internal-articles.ts';
import { tagRoutes } from './tags.ts';
import { teamRoutes } from './teams.ts';

/** The modules, in mounting order. */
export const routeModules: RouteModule[] = [
  adminRoutes,
  teamRoutes,
  brandRoutes,
  contactRoutes,
  contactTagRoutes,
  contactSearchRoutes,
  dataAttributeRoutes,
  tagRoutes,
  conversationRoutes,
  conversationPartRoutes,
  conversationSearchRoutes,
  conversationTagRoutes,
  conversationAttributeRoutes,
  articleRoutes,
  internalArticleRoutes,
  collectionRoutes,
  helpCenterRoutes,
  fileRoutes,
];
