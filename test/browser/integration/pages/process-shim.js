// What a partner's bundler does for the ES build: nanostores reads process.env.NODE_ENV.
window.process = { env: { NODE_ENV: 'production' } };
