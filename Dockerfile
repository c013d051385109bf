# One image for the API (default) and the worker (`node dist/worker.js`) and the CLI (`node dist/cli.js`).
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

FROM node:20-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
# Signed checkpoints of the hash-chained logs (CHECKPOINT_DIR): a volume the node user can write
RUN mkdir -p /var/lib/rightsdesk/checkpoints && chown node:node /var/lib/rightsdesk/checkpoints
USER node
EXPOSE 3000
CMD ["node", "dist/main.js"]
