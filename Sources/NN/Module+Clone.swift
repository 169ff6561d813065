import Tensors

#if canImport(Glibc)
import Glibc
#endif

// Deep copies of any module, including user-defined subclasses that declare no copying code.
//
// Swift cannot call an initialiser of an arbitrary subclass, so `clone()` builds the copy the
// way the runtime's own reflection sees the object: it allocates an instance of the dynamic
// class and initialises every stored property (the class's own and its superclasses') from the
// source, through the property's type so that reference counts stay right. Tensors and modules
// found in those properties, directly or inside arrays, optionals and dictionaries, are copied
// in turn (once each, so tied weights stay tied inside the copy); every other value is copied
// as Swift copies it (value types by value, other class instances by reference).

extension Module {
  /// A deep copy: the same class and configuration, with new parameter and buffer tensors
  /// holding the same values. Gradients, forward hooks and gradient hooks are not copied.
  ///
  /// Works for every subclass without extra code. Tensors and modules reached through stored
  /// properties (also inside arrays, optionals and dictionaries) are copied, and a tensor or
  /// module shared by two properties stays shared in the copy. Other class instances stored in
  /// a module (a data set, a closure's captures) are shared with the original, and a module
  /// with a `weak` or `unowned` stored property cannot be cloned.
  ///
  /// ```swift
  /// let start = model.clone()          // a snapshot before training
  /// let teacher = model.clone(); teacher.freeze()
  /// ```
  public func clone() -> Self {
    let memo = CloneMemo()
    return memo.module(self) as! Self
  }
}

/// The copies made so far during one `clone()`, keyed by the original object.
final class CloneMemo {
  private var copies: [ObjectIdentifier: AnyObject] = [:]
  private var inProgress: Set<ObjectIdentifier> = []

  func tensor(_ t: Tensor) -> Tensor {
    if let done = copies[ObjectIdentifier(t)] { return done as! Tensor }
    let copy = t.copy()
    copies[ObjectIdentifier(t)] = copy
    return copy
  }

  func module(_ m: Module) -> Module {
    let key = ObjectIdentifier(m)
    if let done = copies[key] { return done as! Module }
    guard inProgress.insert(key).inserted else {
      engineFailure(
        "clone", "\(type(of: m)) refers back to itself through its stored properties; clone cannot copy cycles")
    }
    let copy = ObjectCopier.copy(m, transform: value)
    copy.forwardHooks = []
    inProgress.remove(key)
    copies[key] = copy
    return copy
  }

  /// The value to store in the copy for a property value of the original.
  func value(_ v: Any) -> Any {
    if let t = v as? Tensor { return tensor(t) }
    if let m = v as? Module { return module(m) }
    if let container = v as? CloneTraversable, type(of: container).mayHoldModuleState {
      return container.cloningState(self)
    }
    return v
  }

  /// Whether values of `type` may contain tensors or modules.
  static func mayHold(_ type: Any.Type) -> Bool {
    if type is Tensor.Type || type is Module.Type || type == Any.self || type == AnyObject.self { return true }
    return (type as? CloneTraversable.Type)?.mayHoldModuleState ?? false
  }

  /// Copies one element of a container, keeping its static type.
  func element<T>(_ v: T) -> T { value(v) as! T }
}

/// Containers whose elements `clone()` looks into.
protocol CloneTraversable {
  static var mayHoldModuleState: Bool { get }
  func cloningState(_ memo: CloneMemo) -> Any
}

extension Array: CloneTraversable {
  static var mayHoldModuleState: Bool { CloneMemo.mayHold(Element.self) }
  func cloningState(_ memo: CloneMemo) -> Any { map { memo.element($0) } }
}

extension Optional: CloneTraversable {
  static var mayHoldModuleState: Bool { CloneMemo.mayHold(Wrapped.self) }
  func cloningState(_ memo: CloneMemo) -> Any { map { memo.element($0) } as Any }
}

extension Dictionary: CloneTraversable {
  static var mayHoldModuleState: Bool { CloneMemo.mayHold(Value.self) }
  func cloningState(_ memo: CloneMemo) -> Any { mapValues { memo.element($0) } }
}

/// Field-by-field copies of class instances through the runtime's reflection metadata.
enum ObjectCopier {
  /// One stored property: where it lives and how to load and initialise it.
  struct Field {
    let name: String
    let offset: Int
    let access: FieldAccess.Type
  }

  /// The layout of a class: its stored properties and the allocation size.
  struct Layout {
    let fields: [Field]
    let size: Int
    let alignMask: Int
  }

  nonisolated(unsafe) private static var layouts: [ObjectIdentifier: Layout] = [:]
  private static let lock = LayoutLock()

  /// A new instance of `object`'s dynamic class whose stored properties are `transform` of the
  /// original's.
  static func copy<C: AnyObject>(_ object: C, transform: (Any) -> Any) -> C {
    let type: AnyClass = Swift.type(of: object)
    let layout = self.layout(of: type)
    let source = UnsafeRawPointer(Unmanaged.passUnretained(object).toOpaque())
    // Every value is computed before the new object exists, so a failure in `transform` never
    // leaves a half-initialised instance behind.
    let values = layout.fields.map { transform($0.access.load(source + $0.offset)) }
    let metadata = unsafeBitCast(type, to: UnsafeRawPointer.self)
    let raw = Runtime.allocObject(metadata, layout.size, layout.alignMask)
    for (field, value) in zip(layout.fields, values) { field.access.initialize(raw + field.offset, with: value) }
    return withExtendedLifetime(object) { Unmanaged<C>.fromOpaque(raw).takeRetainedValue() }
  }

  static func layout(of type: AnyClass) -> Layout {
    let key = ObjectIdentifier(type)
    if let known = lock.withLock({ layouts[key] }) { return known }
    let count = Runtime.recursiveCount(type)
    var fields: [Field] = []
    var size = 2 * MemoryLayout<Int>.size, alignMask = 7  // the object header
    for i in 0..<count {
      var metadata = Runtime.FieldMetadata()
      let fieldType = Runtime.childMetadata(type, index: i, fieldMetadata: &metadata)
      let name = metadata.name.map { String(cString: $0) } ?? "field \(i)"
      metadata.freeFunction?(metadata.name)
      guard metadata.isStrong else {
        engineFailure(
          "clone",
          "\(type).\(name) is a weak or unowned reference, which clone cannot copy; make it a strong reference or rebuild the module instead"
        )
      }
      let offset = Runtime.childOffset(type, index: i)
      let access = accessor(for: fieldType)
      size = Swift.max(size, offset + access.size)
      alignMask = Swift.max(alignMask, access.alignment - 1)
      fields.append(Field(name: name, offset: offset, access: access))
    }
    // The class metadata records the compiler's instance size, which includes any trailing
    // storage the reflection records do not describe; use it when it is plausible.
    let recorded = Runtime.recordedInstanceSize(type)
    if let recorded, recorded.size >= size, recorded.size <= size + 64 {
      size = recorded.size
      alignMask = Swift.max(alignMask, recorded.alignMask)
    }
    let layout = Layout(fields: fields, size: size, alignMask: alignMask)
    lock.withLock { layouts[key] = layout }
    return layout
  }

  private static func accessor(for type: Any.Type) -> FieldAccess.Type {
    func open<T>(_: T.Type) -> FieldAccess.Type { TypedField<T>.self }
    return _openExistential(type, do: open)
  }
}

/// Loads and initialises a stored property of a statically unknown type.
protocol FieldAccess {
  static var size: Int { get }
  static var alignment: Int { get }
  static func load(_ pointer: UnsafeRawPointer) -> Any
  static func initialize(_ pointer: UnsafeMutableRawPointer, with value: Any)
}

enum TypedField<T>: FieldAccess {
  static var size: Int { MemoryLayout<T>.size }
  static var alignment: Int { MemoryLayout<T>.alignment }
  static func load(_ pointer: UnsafeRawPointer) -> Any { pointer.assumingMemoryBound(to: T.self).pointee }
  static func initialize(_ pointer: UnsafeMutableRawPointer, with value: Any) {
    pointer.assumingMemoryBound(to: T.self).initialize(to: value as! T)
  }
}

/// A mutex for the layout cache.
final class LayoutLock: @unchecked Sendable {
  private var mutex = pthread_mutex_t()
  init() { pthread_mutex_init(&mutex, nil) }
  func withLock<R>(_ body: () -> R) -> R {
    pthread_mutex_lock(&mutex)
    defer { pthread_mutex_unlock(&mutex) }
    return body()
  }
}

/// Entry points of the Swift runtime used by `clone()`: the reflection calls behind `Mirror`
/// (which also give each stored property's offset, type and ownership) and object allocation.
enum Runtime {
  struct FieldMetadata {
    var name: UnsafePointer<CChar>? = nil
    var freeFunction: (@convention(c) (UnsafePointer<CChar>?) -> Void)? = nil
    var isStrong = false
    var isVar = false
  }

  @_silgen_name("swift_reflectionMirror_recursiveCount")
  static func recursiveCount(_ type: Any.Type) -> Int

  @_silgen_name("swift_reflectionMirror_recursiveChildMetadata")
  static func childMetadata(_ type: Any.Type, index: Int, fieldMetadata: UnsafeMutablePointer<FieldMetadata>)
    -> Any.Type

  @_silgen_name("swift_reflectionMirror_recursiveChildOffset")
  static func childOffset(_ type: Any.Type, index: Int) -> Int

  private typealias AllocObject = @convention(c) (UnsafeRawPointer, Int, Int) -> UnsafeMutableRawPointer

  private static let allocObjectFunction: AllocObject? = {
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "swift_allocObject") else { return nil }
    return unsafeBitCast(symbol, to: AllocObject.self)
  }()

  /// A new object of the class whose metadata is given, with uninitialised stored properties.
  static func allocObject(_ metadata: UnsafeRawPointer, _ size: Int, _ alignMask: Int) -> UnsafeMutableRawPointer {
    guard let allocate = allocObjectFunction else {
      engineFailure("clone", "the Swift runtime's swift_allocObject is not available in this process")
    }
    return allocate(metadata, size, alignMask)
  }

  /// The instance size and alignment mask stored in a native Swift class's metadata (64-bit,
  /// no Objective-C interoperability: after the kind and superclass words come the flags, the
  /// instance address point, then the size and alignment mask).
  static func recordedInstanceSize(_ type: AnyClass) -> (size: Int, alignMask: Int)? {
    #if !_runtime(_ObjC) && _pointerBitWidth(_64)
    let metadata = unsafeBitCast(type, to: UnsafeRawPointer.self)
    let size = Int(metadata.load(fromByteOffset: 24, as: UInt32.self))
    let alignMask = Int(metadata.load(fromByteOffset: 28, as: UInt16.self))
    guard alignMask < 64, (alignMask + 1) & alignMask == 0 else { return nil }
    return (size, alignMask)
    #else
    return nil
    #endif
  }
}
