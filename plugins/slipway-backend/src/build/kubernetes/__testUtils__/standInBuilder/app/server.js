// The app image the stand-in builder "builds": answers with its name and the config it was given.
const http = require('http');

http
  .createServer((req, res) => {
    res.end(
      `built by the stand-in builder; GREETING=${process.env.GREETING ?? ''}\n`,
    );
  })
  .listen(Number(process.env.PORT ?? 5000));
