// The release phase of the real-node suite's app: prints and exits with RELEASE_EXIT.
console.log(`release phase ran as uid ${process.getuid()}`);
process.exit(Number(process.env.RELEASE_EXIT ?? 0));
