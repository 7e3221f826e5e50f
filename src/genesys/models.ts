/**
 * Response models of the Genesys Cloud Platform API, as far as sr-check reads them.
 * Every schema is loose (extra fields pass through) because the real API adds fields freely;
 * what we do read is checked, so an unexpected body becomes an "unexpected body" error, not a crash.
 */
import * as z from 'zod';

/** The grant types Genesys documents; bodies may carry others over time, so the schemas accept any string. */
export const GRANT_TYPES = ['CODE', 'TOKEN', 'SAML2BEARER', 'PASSWORD', 'CLIENT-CREDENTIALS'] as const;
export type GrantType = (typeof GRANT_TYPES)[number];

export const TokenResponseSchema = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string(),
  expires_in: z.number().int().positive(),
});
export type TokenResponse = z.infer<typeof TokenResponseSchema>;

/** OAuth-style error body of the login host: `{error, description|error_description}`. */
export const LoginErrorSchema = z.looseObject({
  error: z.string(),
  description: z.string().optional(),
  error_description: z.string().optional(),
});

export const EntityRefSchema = z.looseObject({ id: z.string(), name: z.string().optional() });

export const RoleDivisionSchema = z.looseObject({ roleId: z.string(), divisionId: z.string() });
export type RoleDivision = z.infer<typeof RoleDivisionSchema>;

export const OAuthClientSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  description: z.string().optional(),
  accessTokenValiditySeconds: z.number().int().optional(),
  /** One of GRANT_TYPES as documented; an unfamiliar value is kept and reported by name, not refused. */
  authorizedGrantType: z.string(),
  scope: z.array(z.string()).optional(),
  roleDivisions: z.array(RoleDivisionSchema).optional(),
  roleIds: z.array(z.string()).optional(),
  /** "active" | "disabled" | "inactive" as documented; other values are reported by name. */
  state: z.string().optional(),
  dateCreated: z.string().optional(),
  dateModified: z.string().optional(),
  modifiedBy: EntityRefSchema.optional(),
});
export type OAuthClient = z.infer<typeof OAuthClientSchema>;

export const TokenInfoSchema = z.looseObject({
  organization: EntityRefSchema,
  homeOrganization: EntityRefSchema.optional(),
  authorizedScope: z.array(z.string()).default([]),
  clonedUser: EntityRefSchema.optional(),
  dateTokenIdles: z.string().optional(),
  OAuthClient: z
    .looseObject({
      id: z.string(),
      name: z.string().optional(),
      authorizedGrantType: z.string().optional(),
      scope: z.array(z.string()).optional(),
      roleDivisions: z.array(RoleDivisionSchema).optional(),
      state: z.string().optional(),
      organization: EntityRefSchema.optional(),
    })
    .optional(),
});
export type TokenInfo = z.infer<typeof TokenInfoSchema>;

export const PermissionPolicySchema = z.looseObject({
  domain: z.string(),
  entityName: z.string(),
  actionSet: z.array(z.string()),
  allowConditions: z.boolean().optional(),
  resourceConditionNode: z.unknown().optional(),
});
export type PermissionPolicy = z.infer<typeof PermissionPolicySchema>;

export const RoleSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  description: z.string().optional(),
  permissions: z.array(z.string()).optional(),
  /** Absent when Genesys did not send the policies: then the role's grants are unknown, not empty. */
  permissionPolicies: z.array(PermissionPolicySchema).optional(),
  default: z.boolean().optional(),
  base: z.boolean().optional(),
  userCount: z.number().optional(),
});
export type Role = z.infer<typeof RoleSchema>;

export function pagedSchema<T extends z.ZodTypeAny>(entity: T) {
  return z.looseObject({
    entities: z.array(entity),
    pageNumber: z.number().int().optional(),
    pageSize: z.number().int().optional(),
    pageCount: z.number().int().optional(),
    total: z.number().int().optional(),
  });
}
export const RolePageSchema = pagedSchema(RoleSchema);

export const DivisionSchema = z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  homeDivision: z.boolean().optional(),
});
export type Division = z.infer<typeof DivisionSchema>;

export const SubjectGrantSchema = z.looseObject({
  subjectId: z.string().optional(),
  division: DivisionSchema,
  role: z.looseObject({
    id: z.string(),
    name: z.string().optional(),
    policies: z
      .array(
        z.looseObject({
          domain: z.string(),
          entityName: z.string(),
          actions: z.array(z.string()).default([]),
          condition: z.string().optional(),
        }),
      )
      .optional(),
  }),
  grantMadeAt: z.string().optional(),
});
export type SubjectGrant = z.infer<typeof SubjectGrantSchema>;

export const SubjectSchema = z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  grants: z.array(SubjectGrantSchema).default([]),
});
export type Subject = z.infer<typeof SubjectSchema>;

export const ProductsSchema = z.looseObject({ entities: z.array(z.looseObject({ id: z.string() })) });
export type Products = z.infer<typeof ProductsSchema>;

export const RecordingSettingsSchema = z.looseObject({
  maxSimultaneousStreams: z.number().int().optional(),
  maxConfigurableScreenRecordingStreams: z.number().int().optional(),
  regionalRecordingStorageEnabled: z.boolean().optional(),
  recordingPlaybackUrlTtl: z.number().int().optional(),
});
export type RecordingSettings = z.infer<typeof RecordingSettingsSchema>;

/** The file states the SDK documents. Genesys adds values over time (older SDKs lack ERROR), so the schema takes any string. */
export const FILE_STATES = ['ARCHIVED', 'AVAILABLE', 'DELETED', 'RESTORED', 'RESTORING', 'UPLOADING', 'ERROR'] as const;
export type FileState = (typeof FILE_STATES)[number];
export function isKnownFileState(state: string | undefined): state is FileState {
  return (FILE_STATES as readonly (string | undefined)[]).includes(state);
}
export const RecordingSchema = z.looseObject({
  id: z.string(),
  conversationId: z.string().optional(),
  media: z.string().optional(),
  fileState: z.string().optional(),
  /** "How many archive restorations the organization is allowed to have" / "The remaining archive restorations the organization has" (SDK Recording model). */
  maxAllowedRestorationsForOrg: z.number().int().optional(),
  remainingRestorationsAllowedForOrg: z.number().int().optional(),
  archiveDate: z.string().optional(),
  archiveMedium: z.string().optional(),
  deleteDate: z.string().optional(),
  startTime: z.string().optional(),
  endTime: z.string().optional(),
  sessionId: z.string().optional(),
});
export type Recording = z.infer<typeof RecordingSchema>;
export const RecordingListSchema = z.array(RecordingSchema);

/** `GET /api/v2/conversations/{id}`: only its divisions matter to us (which division the recording lives in). */
export const ConversationSchema = z.looseObject({
  id: z.string(),
  divisions: z
    .array(z.looseObject({ division: DivisionSchema, entities: z.array(EntityRefSchema).optional() }))
    .optional(),
});
export type Conversation = z.infer<typeof ConversationSchema>;

/**
 * `GET /api/v2/oauth/authorizations/{clientId}`: an app (often created in another org, e.g. an AppFoundry
 * vendor's) as authorized in this org. SDK model OAuthAuthorization; `state` is documented as
 * OutdatedSdkVersion | Unauthorized | Requested | Authorized | Revoked.
 */
export const OAuthAuthorizationSchema = z.looseObject({
  client: z
    .looseObject({ id: z.string(), name: z.string().optional(), authorizedGrantType: z.string().optional() })
    .optional(),
  scope: z.array(z.string()).optional(),
  roles: z.array(z.string()).optional(),
  resourceOwner: EntityRefSchema.optional(),
  dateCreated: z.string().optional(),
  dateModified: z.string().optional(),
  pending: z.boolean().optional(),
  state: z.string().optional(),
});
export type OAuthAuthorization = z.infer<typeof OAuthAuthorizationSchema>;

/** `GET /api/v2/authorization/permissions`: the permission definitions the org can assign, by domain and entity. */
export const PermissionDefinitionPageSchema = pagedSchema(
  z.looseObject({
    id: z.string().optional(),
    domain: z.string().optional(),
    permissionMap: z.record(
      z.string(),
      z.array(z.looseObject({ domain: z.string(), entityType: z.string(), action: z.string() })),
    ),
  }),
);

/** ErrorBody of the Platform API. */
export const ErrorBodySchema = z.looseObject({
  message: z.string().optional(),
  code: z.string().optional(),
  status: z.number().optional(),
  messageWithParams: z.string().optional(),
  messageParams: z.record(z.string(), z.unknown()).optional(),
  contextId: z.string().optional(),
  entityId: z.string().optional(),
  entityName: z.string().optional(),
  details: z.array(z.record(z.string(), z.unknown())).optional(),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;
