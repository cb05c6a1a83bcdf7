extension Decoder {
    /// Where the value being decoded starts in its YAML source, when the
    /// decoder is a ``YAMLDecoder``'s. Lets a type remember its own location
    /// for problems found after decoding.
    public var yamlMark: YAMLMark? {
        (self as? YAMLNodeDecoder)?.node.mark
    }

    /// The file the value being decoded comes from, when the decoder is a
    /// ``YAMLDecoder``'s and was given one.
    public var yamlFile: String? {
        (self as? YAMLNodeDecoder)?.context.file
    }
}
