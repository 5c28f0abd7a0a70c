# pprd-reminder service image. Node 20 slim; the database and the outbox live on the /app/data volume.
FROM node:20-slim

# better-sqlite3 compiles from source when no prebuilt binary is reachable.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund \
 && apt-get purge -y make g++ && apt-get autoremove -y

COPY bin ./bin
COPY src ./src
COPY config ./config
COPY seeds ./seeds
COPY slack ./slack
COPY tsconfig.json ./

RUN mkdir -p /app/data && chown -R node:node /app/data
USER node

ENV NODE_ENV=production \
    PORT=3000 \
    PPRD_DB=/app/data/pprd.sqlite \
    PPRD_OUTBOX=/app/data/outbox
VOLUME ["/app/data"]
EXPOSE 3000

HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"

CMD ["node", "bin/pprd.js", "serve"]
