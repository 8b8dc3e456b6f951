/**
 * The seccomp filter of every sandbox (bwrap `--seccomp`), a classic BPF program built here (no
 * libseccomp needed). It closes what the sandbox's namespaces leave open to any user:
 * - new user namespaces (`unshare`/`clone` with CLONE_NEWUSER; `clone3`, whose flags a filter
 *   cannot read, answers ENOSYS so that libc falls back to `clone`): inside one, a process is
 *   "root" for netfilter, mounts and more, the usual start of a kernel exploit;
 * - the kernel keyrings (`add_key`, `keyctl`, `request_key`): they are per uid, not per
 *   namespace, so apps sharing a uid would share their user keyring;
 * - io_uring and userfaultfd, frequent kernel attack surface no app needs;
 * - other system call ABIs (i386 through `int 0x80`, x32), where the numbers above differ.
 * Everything else is allowed. Built for x86-64 and arm64; elsewhere `seccompFilter` is undefined.
 */

const EPERM = 1;
const ENOSYS = 38;
const CLONE_NEWUSER = 0x10000000;

const RET_ALLOW = 0x7fff0000;
const retErrno = (errno: number) => 0x00050000 | errno;

// BPF opcodes
const LD_ABS = 0x20; // BPF_LD | BPF_W | BPF_ABS
const JEQ = 0x15; // BPF_JMP | BPF_JEQ | BPF_K
const JGE = 0x35; // BPF_JMP | BPF_JGE | BPF_K
const JSET = 0x45; // BPF_JMP | BPF_JSET | BPF_K
const RET = 0x06; // BPF_RET | BPF_K

// struct seccomp_data: nr, arch, instruction pointer, then args (64-bit; low word first here)
const NR = 0;
const ARCH = 4;
const ARG0_LOW = 16;

type Insn = [code: number, jt: number, jf: number, k: number];

type Abi = {
  audit: number;
  /** Numbers at or above this are another ABI on the same arch (x32). */
  foreignFrom?: number;
  calls: Record<
    | 'clone'
    | 'unshare'
    | 'clone3'
    | 'add_key'
    | 'request_key'
    | 'keyctl'
    | 'io_uring_setup'
    | 'io_uring_enter'
    | 'io_uring_register'
    | 'userfaultfd',
    number
  >;
};

const ABIS: Record<string, Abi> = {
  x64: {
    audit: 0xc000003e,
    foreignFrom: 0x40000000,
    calls: {
      clone: 56,
      unshare: 272,
      clone3: 435,
      add_key: 248,
      request_key: 249,
      keyctl: 250,
      io_uring_setup: 425,
      io_uring_enter: 426,
      io_uring_register: 427,
      userfaultfd: 323,
    },
  },
  arm64: {
    audit: 0xc00000b7,
    calls: {
      clone: 220,
      unshare: 97,
      clone3: 435,
      add_key: 217,
      request_key: 218,
      keyctl: 219,
      io_uring_setup: 425,
      io_uring_enter: 426,
      io_uring_register: 427,
      userfaultfd: 282,
    },
  },
};

function program(abi: Abi): Insn[] {
  const { calls } = abi;
  const insns: Insn[] = [
    [LD_ABS, 0, 0, ARCH],
    [JEQ, 1, 0, abi.audit],
    [RET, 0, 0, retErrno(ENOSYS)],
    [LD_ABS, 0, 0, NR],
  ];
  if (abi.foreignFrom) {
    insns.push([JGE, 0, 1, abi.foreignFrom], [RET, 0, 0, retErrno(ENOSYS)]);
  }
  const deny = (nr: number, errno: number) =>
    insns.push([JEQ, 0, 1, nr], [RET, 0, 0, retErrno(errno)]);
  // Flags in the first argument: the accumulator then holds them, so the answer is final.
  const denyNewUser = (nr: number) =>
    insns.push(
      [JEQ, 0, 4, nr],
      [LD_ABS, 0, 0, ARG0_LOW],
      [JSET, 0, 1, CLONE_NEWUSER],
      [RET, 0, 0, retErrno(EPERM)],
      [RET, 0, 0, RET_ALLOW],
    );
  denyNewUser(calls.clone);
  denyNewUser(calls.unshare);
  deny(calls.clone3, ENOSYS);
  for (const nr of [calls.add_key, calls.request_key, calls.keyctl]) {
    deny(nr, EPERM);
  }
  for (const nr of [
    calls.io_uring_setup,
    calls.io_uring_enter,
    calls.io_uring_register,
    calls.userfaultfd,
  ]) {
    deny(nr, ENOSYS);
  }
  insns.push([RET, 0, 0, RET_ALLOW]);
  return insns;
}

/** The filter for this machine's architecture, as bwrap's `--seccomp` reads it; undefined where unknown. */
export function seccompFilter(arch: string = process.arch): Buffer | undefined {
  const abi = ABIS[arch];
  if (!abi) return undefined;
  const insns = program(abi);
  const bytes = Buffer.alloc(insns.length * 8);
  insns.forEach(([code, jt, jf, k], i) => {
    bytes.writeUInt16LE(code, i * 8);
    bytes.writeUInt8(jt, i * 8 + 2);
    bytes.writeUInt8(jf, i * 8 + 3);
    bytes.writeUInt32LE(k >>> 0, i * 8 + 4);
  });
  return bytes;
}
