# syntax=docker/dockerfile:1
# sr-check: the Slack app (`node dist/index.js`) and the `sr-check` CLI, in one image.
#
#   docker build -t sr-check .
#   docker run --rm -p 3000:3000 --env-file sr-check.env -v "$PWD/orgs.yml:/etc/sr-check/orgs.yml:ro" sr-check
#
# Stages: `build` compiles TypeScript, `deps` installs the production dependencies and compiles the one
# native module, `runtime` gets only their outputs. scripts/verify-image-steps.sh runs these same commands
# outside Docker (no engine on the dev machines or CI); test/unit/deploy/dockerfile.test.ts keeps this
# file and that script in step. Keep each RUN a plain command so that stays possible.

ARG NODE_IMAGE=node:20-bookworm-slim

# ---- build: dev dependencies + tsc -> dist/, the shipped data validated -> dist/prebuilt ----
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` (tsc) would run before the sources are copied, and the native
# better-sqlite3 build is not needed to compile TypeScript. Installing before copying src/ keeps
# this layer cached while only the sources change.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
# The build's second step (scripts/build.ts) validates the shipped data into dist/prebuilt: it reads data/ and
# scenarios/ (copied again into the runtime stage, where the loaders check the prebuilt forms against them);
# bundle-plugins.ts holds its esbuild plugins, bundle-loader.ts the bundle's loader (a V8 code cache the build
# trains by running explain and org=demo once; the same node image runs it, so V8 takes the cache).
COPY scripts/build.ts scripts/bundle-plugins.ts scripts/bundle-loader.ts ./scripts/
COPY data ./data
COPY scenarios ./scenarios
RUN npm run build

# ---- deps: production dependencies only, native module compiled for this base image ----
FROM ${NODE_IMAGE} AS deps
# better-sqlite3 compiles with node-gyp when no prebuilt binary fits: python3, make and g++, here only.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
# --omit=dev: no typescript, vitest, tsx. --ignore-scripts: the package's own `prepare` runs tsc, a dev
# dependency that is not installed here; so no install script runs, and the one dependency that
# needs its install script (the native better-sqlite3) is rebuilt explicitly.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund
RUN npm rebuild better-sqlite3
RUN npm cache clean --force

# ---- runtime ----
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    METRICS_PORT=9090 \
    SR_CHECK_DB=/var/lib/sr-check/sr-check.db
WORKDIR /app
# Owned by root and read-only to the app user: the process cannot rewrite its own code.
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json package-lock.json ./
COPY bin ./bin
# The endpoint catalog and scopes (data/) and the simulator scenarios (scenarios/) are read at run time.
COPY data ./data
COPY scenarios ./scenarios
# The only place the app writes (SQLite approvals/audit store when no SR_CHECK_DATABASE_URL is set).
RUN mkdir -p /var/lib/sr-check && chown 1000:1000 /var/lib/sr-check
# `node` (uid 1000) from the base image, given by number so Kubernetes runAsNonRoot can verify it.
USER 1000:1000
# 3000: /slack/events; 9090: /healthz, /readyz and /metrics (keep it off the public ingress).
EXPOSE 3000 9090
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "require('http').get('http://127.0.0.1:'+(process.env.METRICS_PORT||9090)+'/healthz',r=>process.exit(r.statusCode===200?0:1)).on('error',()=>process.exit(1))"]
# node is PID 1 directly, not through `npm start` (npm adds a process and logs noise on SIGTERM) and
# without tini: src/index.ts handles SIGTERM and SIGINT itself (drains in-flight checks, then exits),
# which is what PID 1 needs, since the kernel gives PID 1 no default action for them. The app starts
# no child processes, so there are no zombies to reap. `docker run --init` adds tini if wanted.
STOPSIGNAL SIGTERM
CMD ["node", "dist/index.js"]
