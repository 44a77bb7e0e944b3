/**
 * The page a student sees when a login or launch from their LMS is refused (server/lti/error-page.ts),
 * and each reason for it, in each language. A value that came from the LMS (an issuer, a deployment
 * id) is shown as sent, and escaped by the page.
 */
import type { TextTemplates } from "./text-templates";

export const LTI_TEXTS = {
  // The page around the reason
  "lti.pageTitle": { en: "Docker Workbench: the LMS launch was refused", fr: "Docker Workbench : l’ouverture depuis la plateforme de cours a été refusée" },
  "lti.pageHeading": { en: "This launch from your LMS was refused", fr: "L’ouverture de l’activité depuis votre plateforme de cours a été refusée" },
  "lti.pageNothingChanged": {
    en: "Nothing was changed. If it happens again, tell your teacher or the workbench's administrator what this page says.",
    fr: "Rien n’a été modifié. Si cela se reproduit, transmettez ce que dit cette page à votre enseignant ou à l’administrateur de l’atelier.",
  },
  "lti.again": { en: "{reason} Open the activity from your LMS again.", fr: "{reason} Rouvrez l’activité depuis votre plateforme de cours." },

  // The login the LMS starts
  "lti.paramTooLong": { en: "The LMS sent a {name} that is too long.", fr: "La plateforme de cours a envoyé un paramètre {name} trop long." },
  "lti.loginTooLarge": { en: "This login request is too large.", fr: "Cette demande de connexion est trop volumineuse." },
  "lti.loginIncomplete": {
    en: "This login is missing iss, login_hint or target_link_uri: start the activity from your LMS.",
    fr: "Il manque à cette connexion iss, login_hint ou target_link_uri : ouvrez l’activité depuis votre plateforme de cours.",
  },
  "lti.targetElsewhere": {
    en: "The LMS asked for a launch to another site than this workbench (target_link_uri): check the tool's URL in the LMS.",
    fr: "La plateforme de cours a demandé une ouverture vers un autre site que cet atelier (target_link_uri) : vérifiez l’adresse de l’outil dans la plateforme.",
  },
  "lti.unknownPlatform": {
    en: "This LMS (issuer {issuer}) is not registered with this workbench. Ask its administrator to run npm run admin -- lti-register.",
    fr: "Cette plateforme de cours (émetteur {issuer}) n’est pas enregistrée auprès de cet atelier. Demandez à son administrateur de lancer npm run admin -- lti-register.",
  },
  "lti.unknownPlatformClient": {
    en: "This LMS (issuer {issuer}, client id {clientId}) is not registered with this workbench. Ask its administrator to run npm run admin -- lti-register.",
    fr: "Cette plateforme de cours (émetteur {issuer}, identifiant client {clientId}) n’est pas enregistrée auprès de cet atelier. Demandez à son administrateur de lancer npm run admin -- lti-register.",
  },
  "lti.ambiguousPlatform": {
    en: "This LMS has several registrations here and did not say which one (client_id): ask its administrator to send client_id at login.",
    fr: "Cette plateforme de cours est enregistrée plusieurs fois ici et n’a pas dit sous quel nom (client_id) : demandez à son administrateur d’envoyer client_id à la connexion.",
  },
  "lti.unknownDeployment": {
    en: "The deployment {deployment} of this LMS is not registered with this workbench. Ask its administrator to add it (npm run admin -- lti-register).",
    fr: "Le déploiement {deployment} de cette plateforme de cours n’est pas enregistré auprès de cet atelier. Demandez à son administrateur de l’ajouter (npm run admin -- lti-register).",
  },
  "lti.loginOurs": {
    en: "The workbench could not start this login because of a problem on its side. Try again in a moment.",
    fr: "L’atelier n’a pas pu commencer cette connexion à cause d’un problème de son côté. Réessayez dans un instant.",
  },

  // The launch: the LMS's signed id_token
  "lti.launchTooLarge": { en: "This launch is too large.", fr: "Cette ouverture est trop volumineuse." },
  "lti.launchIncomplete": { en: "This launch has no id_token or state from the LMS.", fr: "Cette ouverture n’a reçu de la plateforme de cours ni id_token ni state." },
  "lti.stateMissing": {
    en: "This launch did not start in this browser, or took more than 10 minutes (its state cookie is missing). Open the activity from your LMS again. If your LMS opens the workbench inside its page, set the tool to open in a new window.",
    fr: "Cette ouverture n’a pas commencé dans ce navigateur, ou a duré plus de 10 minutes (son cookie state manque). Rouvrez l’activité depuis votre plateforme de cours. Si la plateforme ouvre l’atelier dans sa propre page, réglez l’outil pour qu’il s’ouvre dans une nouvelle fenêtre.",
  },
  "lti.notJwt": { en: "The LMS sent an id_token that is not a JWT.", fr: "La plateforme de cours a envoyé un id_token qui n’est pas un JWT." },
  "lti.noIssuer": { en: "The LMS's id_token names no issuer.", fr: "L’id_token de la plateforme de cours ne nomme pas d’émetteur." },
  "lti.otherAzp": { en: "The id_token was issued to another tool (azp).", fr: "L’id_token a été délivré à un autre outil (azp)." },
  "lti.otherAudience": { en: "The id_token is addressed to another tool.", fr: "L’id_token est adressé à un autre outil." },
  "lti.otherAudienceClient": {
    en: "The id_token is addressed to another tool (its audience is not this workbench's client id).",
    fr: "L’id_token est adressé à un autre outil (son audience n’est pas l’identifiant client de cet atelier).",
  },
  "lti.otherIssuer": { en: "The id_token comes from another issuer than the registered LMS.", fr: "L’id_token vient d’un autre émetteur que la plateforme de cours enregistrée." },
  "lti.nonceUsed": {
    en: "This launch was already used, or its login expired (nonce unknown or used).",
    fr: "Cette ouverture a déjà servi, ou sa connexion a expiré (nonce inconnu ou déjà utilisé).",
  },
  "lti.expired": { en: "The LMS's id_token has expired.", fr: "L’id_token de la plateforme de cours a expiré." },
  "lti.iatOutOfRange": { en: "The LMS's id_token is too old or dated in the future (iat).", fr: "L’id_token de la plateforme de cours est trop ancien ou daté dans le futur (iat)." },
  "lti.badSignature": {
    en: "The id_token's signature does not match the LMS's keys: it was not signed by the registered LMS.",
    fr: "La signature de l’id_token ne correspond pas aux clés de la plateforme de cours : il n’a pas été signé par la plateforme enregistrée.",
  },
  "lti.unknownKey": { en: "The id_token is signed with a key the LMS does not publish (JWKS).", fr: "L’id_token est signé avec une clé que la plateforme de cours ne publie pas (JWKS)." },
  "lti.keysUnreachable": {
    en: "The workbench could not read the LMS's public keys (JWKS URL) to check this launch. Try again in a moment; if it persists, tell the administrator.",
    fr: "L’atelier n’a pas pu lire les clés publiques de la plateforme de cours (adresse JWKS) pour vérifier cette ouverture. Réessayez dans un instant ; si cela continue, prévenez l’administrateur.",
  },
  "lti.claimLacking": { en: "The id_token lacks a required claim ({claim}).", fr: "Il manque à l’id_token une information obligatoire ({claim})." },
  "lti.unverified": { en: "The LMS's id_token could not be verified.", fr: "L’id_token de la plateforme de cours n’a pas pu être vérifié." },

  // The launch's claims: which one is missing or malformed, in our words
  "lti.launchUnreadable": {
    en: "The LMS's launch is not one the workbench can open: {reason}",
    fr: "L’atelier ne peut pas ouvrir ce que la plateforme de cours a envoyé : {reason}",
  },
  "lti.claimMissing": {
    en: "it lacks the “{claim}” claim. Ask the LMS's administrator to check the tool's settings.",
    fr: "il y manque l’information « {claim} ». Demandez à l’administrateur de la plateforme de vérifier les réglages de l’outil.",
  },
  "lti.claimMalformed": {
    en: "its “{claim}” claim is not in the form LTI 1.3 requires. Ask the LMS's administrator to check the tool's settings.",
    fr: "son information « {claim} » n’a pas la forme que demande LTI 1.3. Demandez à l’administrateur de la plateforme de vérifier les réglages de l’outil.",
  },
  "lti.notResourceLink": {
    en: "it is not a resource-link launch (LtiResourceLinkRequest). Open the activity itself from your LMS.",
    fr: "ce n’est pas l’ouverture d’une activité (LtiResourceLinkRequest). Ouvrez l’activité elle-même depuis votre plateforme de cours.",
  },
  "lti.notVersion13": { en: "it is not an LTI 1.3.0 launch.", fr: "ce n’est pas une ouverture LTI 1.3.0." },
  "lti.classNotReady": {
    en: "Your teacher has not opened this activity yet: its class is made the first time an instructor opens it from the LMS. Ask them to, then open it again.",
    fr: "Votre enseignant n’a pas encore ouvert cette activité : sa classe est créée la première fois qu’un enseignant l’ouvre depuis la plateforme de cours. Demandez-lui de le faire, puis rouvrez-la.",
  },
  "lti.launchOurs": {
    en: "The workbench could not open this launch because of a problem on its side. Try again in a moment.",
    fr: "L’atelier n’a pas pu ouvrir cette activité à cause d’un problème de son côté. Réessayez dans un instant.",
  },
} satisfies TextTemplates;
