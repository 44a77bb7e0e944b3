/**
 * Addresses under the `.invalid` top-level domain (RFC 2606) that nobody receives mail at: the
 * accounts an LMS launch makes get one (../lti/launch-session.ts, ltiAccountEmail), since the LMS's
 * own e-mail claim could name someone else's account. Pages and exports show no e-mail for them.
 */
export const isReservedEmail = (email: string): boolean => /\.invalid$/i.test(email.trim());

/** The e-mail to show for an account: none for a reserved placeholder. */
export const shownEmail = (email: string | null): string | null => (email !== null && !isReservedEmail(email) ? email : null);
