# pprd-reminder service image. Node 20 slim; the database and the outbox live on the /app/data volume.
# Build stage: compilers, dev dependencies, `tsc` to dist/, then the production dependencies alone.
FROM node:20-slim AS build

# better-sqlite3 compiles from source when no prebuilt binary is reachable.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY src ./src
# npm ci runs `prepare` (npm run build): src/ -> dist/, migrations copied.
RUN npm ci --no-audit --no-fund
# Production dependencies only; --ignore-scripts skips `prepare` (no tsc here), then better-sqlite3's
# own install script builds its native module.
RUN rm -rf node_modules \
 && npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && npm rebuild better-sqlite3 \
 && npm cache clean --force

# Final stage: compiled JavaScript and production node_modules; no TypeScript, no compilers, no npm cache.
FROM node:20-slim

WORKDIR /app
COPY package.json package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY bin ./bin
COPY config ./config
COPY seeds ./seeds
COPY slack ./slack

RUN mkdir -p /app/data && chown -R node:node /app/data
USER node

# MALLOC_ARENA_MAX=2: as `npm start` (README, Operations → Memory): glibc's malloc keeps two arenas, not
# one per thread that allocates (V8's workers, libuv's pool), each holding its freed pages.
ENV NODE_ENV=production \
    MALLOC_ARENA_MAX=2 \
    PORT=3000 \
    PPRD_DB=/app/data/pprd.sqlite \
    PPRD_OUTBOX=/app/data/outbox
VOLUME ["/app/data"]
EXPOSE 3000

HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"

# --optimize-for-size --no-opt: as `npm start` (package.json; README, Operations → Memory): V8's small
# young generation and heap, and no optimizing compiler (TurboFan), whose compiles of a thinly spread
# workload cost more memory and CPU than they save: ~91 / ~93 MB RSS at start / after a day of ticks.
CMD ["node", "--optimize-for-size", "--no-opt", "bin/pprd.js", "serve"]
