/**
 * Where a pasted 403 comes from and which layer most likely refuses: the text's source (SDK, curl, Terraform,
 * prose, ...), and the likely layer (role, scope, division, interaction, login) with the reason, from the
 * error's code, message and permission list and the operation's template.
 */
import type { Operation } from '../catalog/catalog';
import { NOT_AUTHORIZED_SENTENCE } from './fields';
import { holds, holdsAny, lowerCase } from './literals';
import type { SurfaceMention } from './surfaces';
import type { LikelyLayer, PasteSource } from './types';

export function surfaceLayer(surface: SurfaceMention): { layer: LikelyLayer; reason: string } {
  if (surface.kind === 'oauth-token') {
    return {
      layer: 'login',
      reason:
        'POST /oauth/token is the login layer on the login host, not a Platform API operation: the permission catalog lists no role or permission for it, so no grant can fix it. ' +
        'The token request is authenticated with the client id and secret (Basic auth, grant_type=client_credentials), and bad credentials answer an OAuth-style {error, error_description} body. ' +
        "Why the token endpoint answers 403 is unconfirmed (the reference does not document a 403 there): check the client id and secret, the grant type, and that the login host is the org's own region",
    };
  }
  return {
    layer: 'unknown',
    reason:
      'the refusal came from the Notification API WebSocket (the streaming host), not from a Platform API operation. ' +
      'The permission catalog lists no permission check for creating a channel (POST /api/v2/notifications/channels) or subscribing to topics (PUT /api/v2/notifications/channels/{channelId}/subscriptions); ' +
      'why the WebSocket itself answers 403 is unconfirmed (the reference is silent about the streaming host)',
  };
}

/**
 * Literal gates in front of classifySource's patterns: each pattern's every match holds one of its words (the
 * lowercased text for the case-insensitive ones, whose ASCII letters match ASCII letters only), so a text
 * holding none skips the scan. Every answer is still the pattern's own.
 */
const TERRAFORM_WORDS = ['genesyscloud_', 'terraform', 'tf_export', 'cx as code', 'error: failed to'];
const SDK_LITERALS = [
  'purecloud-platform-client-v2',
  'PureCloudPlatformClientV2',
  'com.mypurecloud.sdk',
  'PureCloudPlatform.Client.V2',
  'platformclientv2',
  'platformClient',
  'ApiException',
  'Reason:',
  'HTTP response body:',
  'Error calling ',
  'statusText:',
  'Traceback (most recent call last)',
  'AxiosError',
  'Request failed with status code',
];
const JSON_KEY_WORDS = ['message', 'code', 'status'];

export function classifySource(
  text: string,
  scrubbed: { escaped: boolean; plainJson: boolean },
  errorBody: boolean,
  apiErrorLine: boolean,
): PasteSource {
  if (
    (holdsAny(lowerCase(text), TERRAFORM_WORDS) &&
      /genesyscloud_[a-z_]{2,60}|terraform|tf_export|CX as Code|Error: failed to/i.test(text)) ||
    (apiErrorLine && !/platformclientv2/.test(text))
  ) {
    return 'terraform';
  }
  if (
    ((holds(text, '<') || holds(text, '>')) &&
      /^[ \t]{0,4}[<>][ \t]?(?:GET|POST|PUT|PATCH|DELETE|HEAD|HTTP\/)/m.test(text)) ||
    (holds(text, 'curl') && /\bcurl\s{1,3}(?:-|["']?https?:)/.test(text))
  )
    return 'curl';
  if (
    holds(text, 'gc') &&
    (/(?:^|\n)[ \t]{0,4}(?:[$%#>][ \t]{0,2})?gc[ \t]{1,3}[a-z]{2,40}\b/.test(text) ||
      /\bgc[ \t]{1,3}[a-z]{2,40}[ \t]{1,3}(?:list|get|create|update|delete)\b/.test(text))
  )
    return 'cli';
  if (holds(lowerCase(text), 'postman') && /\bpostman/i.test(text)) return 'postman';
  if (
    holdsAny(text, SDK_LITERALS) &&
    /purecloud-platform-client-v2|PureCloudPlatformClientV2|com\.mypurecloud\.sdk|PureCloudPlatform\.Client\.V2|platformclientv2|platformClient|ApiException|Reason:\s{0,3}Forbidden|HTTP response body:|Error calling [A-Z]\w{0,80}:|statusText:\s{0,3}['"]Forbidden|Traceback \(most recent call last\)|AxiosError|Request failed with status code/.test(
      text,
    )
  ) {
    return 'sdk';
  }
  if (
    holds(text, 'HTTP/') &&
    (/"(?:GET|POST|PUT|PATCH|DELETE|HEAD) \/[^"\n]{0,2000} HTTP\/[0-9.]{1,3}"\s{1,3}\d{3}/.test(text) ||
      /^[ \t]{0,4}HTTP\/[0-9.]{1,3} [1-5]\d\d/m.test(text))
  ) {
    return 'http-log';
  }
  if (scrubbed.escaped && !scrubbed.plainJson) return 'escaped-json';
  if (
    errorBody ||
    (holdsAny(text, JSON_KEY_WORDS) && /(?:"(?:message|code|status)"|'(?:message|code|status)')\s{0,3}:/.test(text))
  )
    return 'json';
  return 'prose';
}

interface LayerInput {
  code: string | undefined;
  message: string | undefined;
  missingPermissions: string[];
  divisions: string[];
  operation: Operation | undefined;
}

export function likelyLayer(input: LayerInput): { layer: LikelyLayer; reason: string } {
  const { code, message, missingPermissions, divisions, operation } = input;
  if (divisions.length > 0) {
    return {
      layer: 'division',
      reason: `the refusal names division(s) (${divisions.slice(0, 3).join(', ')}): the identity may hold the permission, but not in the division that owns the object`,
    };
  }
  if (missingPermissions.length > 0 || code === 'missing.permissions' || code === 'missing.any.permissions') {
    const named = missingPermissions.length > 0 ? ` (${missingPermissions.slice(0, 3).join(', ')})` : '';
    return {
      layer: 'role',
      reason: `Genesys names missing permission(s)${named}; permissions come from the roles granted to the identity, not from OAuth scopes`,
    };
  }
  if (code?.includes('scope') || (message !== undefined && /\bscopes?\b/i.test(message))) {
    return {
      layer: 'scope',
      reason: "the error itself mentions OAuth scope: the application's authorized scopes may not cover this operation",
    };
  }
  const targetsInteraction = operation !== undefined && /\{(?:conversationId|recordingId)\}/.test(operation.template);
  if (
    (code === 'not.authorized' || (message !== undefined && NOT_AUTHORIZED_SENTENCE.test(message))) &&
    targetsInteraction
  ) {
    return {
      layer: 'interaction',
      reason:
        'not.authorized without a permission list on a specific conversation or recording: an unknown, archived or deleted interaction can be refused this way',
    };
  }
  if (code === 'not.authorized') {
    return {
      layer: 'unknown',
      reason:
        'not.authorized names no permission: scope, role, product or the object itself can each cause it; run the full check',
    };
  }
  return {
    layer: 'unknown',
    reason: 'the paste names no permission or division; run the full check to see which layer refuses',
  };
}
