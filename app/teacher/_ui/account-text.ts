/** The words of the sign-in, join and teacher pages: the `account.*` texts of lib/i18n/messages.ts. */
import { translator, type MessageKey, type Translate } from "@/lib/i18n/messages";

export type AccountKey = Extract<MessageKey, `account.${string}`>;
export type AccountTranslate = Translate;

export const accountText = translator;
