import FleetStatus
import Hummingbird

/// A Hummingbird router that answers, with the API's JSON error, every request its routes do
/// not: an unknown path is a 404; a known path asked with a method none of its routes takes is
/// a 405 whose `Allow` header names the methods it takes. A `GET` route answers `HEAD` too.
///
/// Routes are added as to any router (`get(…)`); each path is remembered with its methods, and
/// a request is routed only when its path and method match one of them: Hummingbird's own
/// answer to a miss is an empty 404, whatever the method.
public final class FallbackRouter<Context: RequestContext>: RouterMethods, HTTPResponderBuilder {
    private let router = Router(context: Context.self, options: .autoGenerateHeadEndpoints)
    private var routes: [(path: RouterPath, methods: Set<HTTPRequest.Method>)] = []

    /// A router with no routes yet.
    public init() {}

    public func on<Responder: HTTPResponder>(_ path: RouterPath, method: HTTPRequest.Method, responder: Responder) -> Self
    where Responder.Context == Context {
        precondition(!path.components.contains(.recursiveWildcard), "\(path): a ** route would hide the fallback")
        router.on(path, method: method, responder: responder)
        let methods: Set<HTTPRequest.Method> = method == .get ? [.get, .head] : [method]
        if let index = routes.firstIndex(where: { $0.path == path }) {
            routes[index].methods.formUnion(methods)
        } else {
            routes.append((path, methods))
        }
        return self
    }

    public func add(middleware: any MiddlewareProtocol<Request, Response, Context>) -> Self {
        router.add(middleware: middleware)
        return self
    }

    public func buildResponder() -> Responder {
        Responder(router: router.buildResponder(), routes: routes)
    }

    /// Routes what matches a route, answers the rest.
    public struct Responder: HTTPResponder {
        let router: RouterResponder<Context>
        let routes: [(path: RouterPath, methods: Set<HTTPRequest.Method>)]

        public func respond(to request: Request, context: Context) async throws -> Response {
            let segments = request.uri.path.split(separator: "/", omittingEmptySubsequences: true)
            let allowed = routes.filter { Self.matches($0.path, segments) }.reduce(into: Set<HTTPRequest.Method>()) { $0.formUnion($1.methods) }
            if allowed.contains(request.method) { return try await router.respond(to: request, context: context) }
            let error: StatusError =
                if allowed.isEmpty {
                    .notFound("no such path \(request.uri.path) (see docs/API.md)")
                } else {
                    .methodNotAllowed(
                        "\(request.method.rawValue) \(request.uri.path): this path answers only \(Self.names(allowed).joined(separator: " and "))",
                        allowed: Self.names(allowed))
                }
            return request.method == .head ? error.response.createHeadResponse() : error.response
        }

        /// Whether `path` (plain segments and `:name` captures) matches the request's segments.
        static func matches(_ path: RouterPath, _ segments: [Substring]) -> Bool {
            path.components.count == segments.count && zip(path.components, segments).allSatisfy { $0 ~= $1 }
        }

        /// The methods' names, GET and HEAD first.
        static func names(_ methods: Set<HTTPRequest.Method>) -> [String] {
            let first: [HTTPRequest.Method] = [.get, .head]
            return first.filter(methods.contains).map(\.rawValue) + methods.subtracting(first).map(\.rawValue).sorted()
        }
    }
}
