# syntax=docker/dockerfile:1
# Build: compile TypeScript with dev dependencies.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# Production dependencies only (sharp ships its prebuilt libvips in its npm package).
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM node:20-bookworm-slim
# PLAYGROUND=0: without BOT_TOKEN the image refuses to start instead of opening the local playground.
ENV NODE_ENV=production HTTP_HOST=0.0.0.0 HTTP_PORT=8080 PLAYGROUND=0
WORKDIR /app
COPY --from=deps --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --chown=node:node package.json ./
COPY --chown=node:node locales ./locales
# The Mini App scanner's page (plain HTML, CSS and JS, served as they are).
COPY --chown=node:node src/miniapp/page ./src/miniapp/page
USER node
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.HTTP_PORT}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node directly (not npm), so SIGTERM reaches the bot and shutdown is graceful.
CMD ["node", "dist/main.js"]
