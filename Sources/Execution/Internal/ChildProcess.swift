import Foundation

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// A child process in its own process group, fed nothing on stdin, that can be killed with
/// everything it started.
struct ChildProcess {
  let pid: pid_t

  /// How a process ended.
  enum Ending: Equatable {
    case exited(Int32)
    case signalled(Int32)
  }

  /// Starts `arguments` with stdout and stderr appended to `outputPath`, in `directory` if given.
  static func spawn(
    _ arguments: [String], directory: String? = nil, environment: [String: String], outputPath: String
  ) throws -> ChildProcess {
    // glibc hides posix_spawn_file_actions_addchdir_np from Swift; env -C changes directory.
    let arguments = directory.map { ["/usr/bin/env", "-C", $0] + arguments } ?? arguments
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    // Its own process group, so a timeout or Ctrl-C kills the program and its children,
    // and default signal handling even if the runner ignores some.
    var defaults = sigset_t()
    sigfillset(&defaults)
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    var empty = sigset_t()
    sigemptyset(&empty)
    posix_spawnattr_setsigmask(&attributes, &empty)
    posix_spawnattr_setpgroup(&attributes, 0)
    posix_spawnattr_setflags(
      &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
    let argv = arguments.map { strdup($0) } + [nil]
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
      for pointer in argv + envp { free(pointer) }
    }
    var pid: pid_t = 0
    let status = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, envp)
    guard status == 0 else {
      throw ExecutionError.spawn("\(arguments[0]): \(String(cString: strerror(status)))")
    }
    return ChildProcess(pid: pid)
  }

  /// The ending, if the process has ended (never blocks).
  func poll() -> Ending? {
    var status: Int32 = 0
    let result = waitpid(pid, &status, WNOHANG)
    guard result == pid else { return nil }
    return Self.decode(status)
  }

  /// Waits for the process to end.
  func wait() -> Ending {
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    return Self.decode(status)
  }

  /// Kills the whole process group.
  func killGroup() {
    kill(-pid, SIGKILL)
  }

  private static func decode(_ status: Int32) -> Ending {
    let signal = status & 0x7f
    return signal == 0 ? .exited((status >> 8) & 0xff) : .signalled(signal)
  }

  /// Runs a command to completion and returns its exit status and combined output.
  static func capture(_ arguments: [String], directory: String? = nil) throws -> (status: Int32, output: String) {
    let outputPath = NSTemporaryDirectory() + "litmus-\(getpid())-\(UUID().uuidString).out"
    defer { try? FileManager.default.removeItem(atPath: outputPath) }
    let process = try spawn(
      arguments, directory: directory, environment: ProcessInfo.processInfo.environment, outputPath: outputPath)
    let ending = process.wait()
    let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
    switch ending {
    case .exited(let code): return (code, output)
    case .signalled(let signal): return (128 + signal, output)
    }
  }
}

/// The conventional name of a signal, such as `SIGILL`.
func signalName(_ signal: Int32) -> String {
  switch signal {
  case SIGILL: "SIGILL"
  case SIGTRAP: "SIGTRAP"
  case SIGABRT: "SIGABRT"
  case SIGBUS: "SIGBUS"
  case SIGFPE: "SIGFPE"
  case SIGKILL: "SIGKILL"
  case SIGSEGV: "SIGSEGV"
  case SIGTERM: "SIGTERM"
  case SIGINT: "SIGINT"
  default: "signal \(signal)"
  }
}
