import { ConfigError, loadConfig, type Config } from './config.ts';
import { buildApp } from './http/app.ts';

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Clientele cannot start: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  const { app } = await buildApp(config);
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = process.env.PUBLIC_URL ? config.publicUrl.href.replace(/\/$/, '') : `http://localhost:${port}`;
  console.log(`Clientele is running at ${url}`);
  const shutdown = () => {
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error('Clientele failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
