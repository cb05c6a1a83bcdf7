import Foundation

/// `maintenanced-fuzz <target> [arguments…]`: the fuzz harness of the decoders.
///
/// Built normally (as part of the package), it replays the files and
/// directories given as arguments through the target, so that a corpus or a
/// crashing input can be checked without libFuzzer. Built by `scripts/fuzz`
/// with `-sanitize=fuzzer -DFUZZING`, it hands the remaining arguments to
/// libFuzzer's driver (`-max_total_time=N corpus-dir …`).
struct MaintenancedFuzz {
    /// The target the libFuzzer callback runs; set once, before the driver starts.
    nonisolated(unsafe) static var current = FuzzTarget.cloudevent

    /// The target named by the first argument, or exit 64 with the list of targets.
    static func target(named name: String?) -> FuzzTarget {
        guard let name, let target = FuzzTarget(rawValue: name) else {
            let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
            FileHandle.standardError.write(Data("usage: maintenanced-fuzz <\(names)> [files or libFuzzer arguments]\n".utf8))
            exit(64)
        }
        return target
    }

    /// Replays every file named, or found in a directory named, through `target`.
    static func replay(_ target: FuzzTarget, paths: [String]) -> Int {
        var count = 0
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                FileHandle.standardError.write(Data("maintenanced-fuzz: no such file: \(path)\n".utf8))
                exit(66)
            }
            let files = isDirectory.boolValue
                ? ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted().map { path + "/" + $0 }
                : [path]
            for file in files {
                guard let data = FileManager.default.contents(atPath: file) else { continue }
                target.run(Array(data))
                count += 1
            }
        }
        return count
    }

    static func main() {
        let arguments = CommandLine.arguments
        let target = target(named: arguments.dropFirst().first)
        let count = replay(target, paths: Array(arguments.dropFirst(2)))
        print("\(target.rawValue): \(count) inputs replayed, no crash")
    }
}

#if FUZZING
@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// The entry point SwiftPM links as `main` for this target; it replaces
/// libFuzzer's own `main`, drops the target name and starts libFuzzer's driver.
@_cdecl("maintenanced_fuzz_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    MaintenancedFuzz.current = MaintenancedFuzz.target(named: argc > 1 ? argv[1].map { String(cString: $0) } : nil)
    var arguments: [UnsafeMutablePointer<CChar>?] = [argv[0]] + (2..<Int(max(argc, 2))).map { argv[$0] } + [nil]
    var count = argc - 1
    return arguments.withUnsafeMutableBufferPointer { buffer in
        var pointer = buffer.baseAddress
        return LLVMFuzzerRunDriver(&count, &pointer) { data, size in
            MaintenancedFuzz.current.run(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
            return 0
        }
    }
}
#else
@main extension MaintenancedFuzz {}
#endif
