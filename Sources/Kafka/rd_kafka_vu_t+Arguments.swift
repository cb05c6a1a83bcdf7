import CRdKafka

extension rd_kafka_vu_t {
    /// One `rd_kafka_produceva` argument of `type`, its value set by `fill`.
    static func argument(_ type: rd_kafka_vtype_t, _ fill: (inout rd_kafka_vu_t) -> Void) -> rd_kafka_vu_t {
        var vu = rd_kafka_vu_t()
        vu.vtype = type
        fill(&vu)
        return vu
    }

    /// A key or value argument pointing at `bytes`.
    static func bytes(_ type: rd_kafka_vtype_t, _ bytes: UnsafeRawBufferPointer) -> rd_kafka_vu_t {
        argument(type) { $0.u.mem = .init(ptr: UnsafeMutableRawPointer(mutating: bytes.baseAddress), size: bytes.count) }
    }
}
