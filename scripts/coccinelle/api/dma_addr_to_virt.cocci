// SPDX-License-Identifier: GPL-2.0-only
///
/// Find code that turns a DMA address, or an address read back from a
/// hardware descriptor, into a kernel pointer: phys_to_virt(), __va(),
/// bus_to_virt() or isa_bus_to_virt() of such an address, calls of
/// iommu_iova_to_phys() or dma_to_phys() in drivers and of the drivers'
/// wrappers around them, and helpers that find a ring entry by its DMA
/// address.
///
/// A DMA address is not a physical address: behind an IOMMU, or with
/// swiotlb bouncing, phys_to_virt() of it gives the wrong memory, and
/// translating it back with iommu_iova_to_phys() ties the driver to the
/// DMA implementation.  Keep the buffer's pointer, or look the buffer up
/// by its DMA address (page_pool, dma_frag_track), instead.
///
/// Each site is reported once, as the first of these kinds it matches:
///   virt-unmapped      the expression converted is also given to
///                      dma_unmap_*() or dma_sync_single_*()
///   virt-iova          the address comes from *iova_to_phys() or
///                      dma_to_phys()
///   virt-dma_addr_t    the address involves a dma_addr_t
///   virt-desc          the address is read from a descriptor (an
///                      le/be*_to_cpu() conversion, a field of a ring
///                      entry) or from a device register
///   virt-accessor      the address is returned by a driver function, or
///                      written by it through a pointer argument
///   virt-param         the address is an integer parameter
///   iova-call          a call of iommu_iova_to_phys() or dma_to_phys()
///   iova-wrapper       the definition of a function that returns what
///                      one of them returned
///   iova-wrapper-call  a call of such a wrapper, or of a function named
///                      *_iova_to_phys() or *_iova_to_virt()
///   ring-offset        the definition of a function that returns
///                      base + (dma - base_dma)
///   ring-offset-call   a call of such a function
///   to-virt-call       a call of a function named *_dma2virt(),
///                      *_dma_to_virt(), *_phys_to_virt() or
///                      *_bus_to_virt(), defined in another file
///
// Confidence: Moderate
// Comments: The data flow followed is one assignment deep, inside one
//  function; an address passed to another function is found there only
//  as virt-param.  Not reported: constants, and addresses the kernel made
//  from a CPU pointer or a page (virt_to_phys(), __pa(), page_to_phys() ...).
//  A wrapper or ring helper is known by its definition in the file being
//  processed; its calls in other files are found by its name only.
//  Pointers stored whole in a descriptor (cookies cast back to a pointer)
//  are not looked for.  Made for network drivers: elsewhere (IOMMU page
//  tables, firmware tables) virt-desc, virt-accessor and virt-param also
//  find physical addresses that are no DMA addresses.
// Options: --no-includes --include-headers
//

virtual report
virtual org
virtual context

@initialize:python@
@@
import re

# The kind of each site found so far, by position; None for a conversion
# that is not to be reported.  The rules below run in order, from the
# strongest evidence to the weakest, and the first to find a site names its
# kind.
sites = {}
mode = None

# Integer types that can hold an address (virt-param).
addr_types = frozenset(["u64", "u32", "unsigned long", "unsigned long long",
                        "phys_addr_t", "resource_size_t", "uintptr_t"])

def key(p):
    return (p.file, p.line, p.column)

def tidy(code):
    """Code as Coccinelle prints it, less the spaces it puts around
    brackets, -> and ."""
    code = re.sub(r"\s+", " ", str(code)).strip()
    code = re.sub(r"(\w) (?=\()", r"\1", code)          # f (x) -> f(x)
    code = re.sub(r"([\w\])]) (?=\[)", r"\1", code)     # a[i] [j] -> a[i][j]
    code = re.sub(r"([(\[]) ", r"\1", code)             # ( x -> (x
    code = re.sub(r" (?=[)\],])", "", code)             # x ) -> x)
    code = re.sub(r"(^|[(,] ?)([&*]) ", r"\1\2", code)  # (& x -> (&x
    return re.sub(r" ?(->|\.) ?", r"\1", code)          # a -> b -> a->b

def conv(virt, arg):
    return "%s(%s)" % (virt, tidy(arg))

def as_value(x, arg):
    """Whether arg uses x itself, not only a field or element of it."""
    rest = re.sub(r"\b%s\s*(->|\.|\[)" % re.escape(str(x)), "", str(arg))
    return re.search(r"\b%s\b" % re.escape(str(x)), rest) is not None

def found(p, kind, what=""):
    """Report site p as kind, unless a rule before found it."""
    if key(p) in sites:
        return
    sites[key(p)] = kind
    if kind is None:
        pass
    elif mode == "report":
        print("%s:%s:%s: %s %s" % (p.file, p.line, p.current_element,
                                   kind, what))
    elif mode == "org":
        coccilib.org.print_todo(p, "%s %s" % (kind, what))

@initialize:python depends on report@
@@
mode = "report"

@initialize:python depends on org@
@@
mode = "org"

// ----------------------------------------------------------------------
// The conversions to a pointer.  The rules that follow inherit sink.p, so
// they look at these calls only.

@sink@
position p;
@@

\(phys_to_virt@p\|__va@p\|bus_to_virt@p\|isa_bus_to_virt@p\)(...)

// The rules that find helpers by their shape or name, which have no name
// of their own for spatch to look for, depend on this one (or on sink or
// iova_call): spatch skips any file that has none of these names, nor
// dma_addr_t, without parsing it.
@has_dma@
typedef dma_addr_t;
dma_addr_t D;
@@

D

// Not reported: the address was made from a CPU pointer or a page.
@cpu exists@
identifier virt, X;
identifier cpu_addr = {virt_to_phys, __pa, __pa_symbol, page_to_phys,
                       virt_to_bus, isa_virt_to_bus, page_to_pfn,
                       virt_to_pfn};
expression E;
type T;
position sink.p;
@@

(
(
X = <+... cpu_addr(...) ...+>;
|
T X = <+... cpu_addr(...) ...+>;
)
... when != X = E
virt@p(<+... X ...+>)
|
virt@p(<+... cpu_addr(...) ...+>)
)

@script:python@
p << sink.p;
virt << cpu.virt;
@@
found(p[0], None)

// The converted expression is also unmapped or synced as a DMA address.
@unmapped exists@
identifier virt;
identifier unmap = {dma_unmap_single, dma_unmap_single_attrs,
                    dma_unmap_page, dma_unmap_page_attrs,
                    dma_sync_single_for_cpu, dma_sync_single_for_device,
                    dma_sync_single_range_for_cpu,
                    dma_sync_single_range_for_device};
expression A, E, dev;
position sink.p;
@@

(
unmap(dev, E, ...);
... when any
virt@p(\(A \& <+... E ...+>\))
|
virt@p(\(A \& <+... E ...+>\))
... when any
unmap(dev, E, ...)
)

@script:python@
p << sink.p;
virt << unmapped.virt;
A << unmapped.A;
unmap << unmapped.unmap;
@@
found(p[0], "virt-unmapped", "%s, also %s()" % (conv(virt, A), unmap))

// The address comes from an IOMMU or DMA translation.
@iova exists@
identifier virt, X, i2p =~ "(iova|dma)_to_phys$";
expression A, E;
type T;
position sink.p;
@@

(
(
X = <+... i2p(...) ...+>;
|
T X = <+... i2p(...) ...+>;
)
... when != X = E
virt@p(\(A \& <+... X ...+>\))
|
virt@p(\(A \& <+... i2p(...) ...+>\))
)

@script:python@
p << sink.p;
virt << iova.virt;
A << iova.A;
i2p << iova.i2p;
@@
found(p[0], "virt-iova", "%s, from %s()" % (conv(virt, A), i2p))

// The address is, or is computed from, a dma_addr_t.
@dma exists@
typedef dma_addr_t;
dma_addr_t D;
identifier virt, X;
expression A, E;
type T;
position sink.p;
@@

(
(
X = <+... D ...+>;
|
T X = <+... D ...+>;
)
... when != X = E
virt@p(\(A \& <+... X ...+>\))
|
virt@p(\(A \& <+... D ...+>\))
)

@script:python@
p << sink.p;
virt << dma.virt;
A << dma.A;
D << dma.D;
@@
found(p[0], "virt-dma_addr_t",
      "%s, dma_addr_t %s" % (conv(virt, A), tidy(D)))

// The address is read from a descriptor (a field of a ring entry, or a
// little/big endian value) or from a device register.
@desc exists@
identifier virt, X, F;
identifier hw_read = {le16_to_cpu, le32_to_cpu, le64_to_cpu, be16_to_cpu,
                      be32_to_cpu, be64_to_cpu, le32_to_cpup, le64_to_cpup,
                      be32_to_cpup, be64_to_cpup, readl, readq,
                      readl_relaxed, readq_relaxed, ioread32, ioread64,
                      in_le32, in_be32, lo_hi_readq, hi_lo_readq};
expression A, E, R, I;
type T;
position sink.p;
@@

(
(
X = <+... \(R[I].F\|hw_read(...)\) ...+>;
|
T X = <+... \(R[I].F\|hw_read(...)\) ...+>;
)
... when != X = E
virt@p(\(A \& <+... X ...+>\))
|
virt@p(\(A \& <+... \(R[I].F\|hw_read(...)\) ...+>\))
)

@script:python@
p << sink.p;
virt << desc.virt;
A << desc.A;
@@
found(p[0], "virt-desc", conv(virt, A))

// The address comes from a driver function (a descriptor accessor): its
// return value or a pointer argument.  Lower case names only, so that
// macros such as ALIGN() do not count.  Through a variable, the variable
// must be the address, not a structure the address is read from.
@accessor exists@
identifier virt, X, f =~ "^_*[a-z][a-z0-9_]*$";
expression A, E;
type T;
position sink.p;
@@

(
X = <+... f(...) ...+>;
|
T X = <+... f(...) ...+>;
|
f(..., &X, ...);
)
... when != X = E
virt@p(\(A \& <+... X ...+>\))

@script:python@
p << sink.p;
virt << accessor.virt;
A << accessor.A;
X << accessor.X;
f << accessor.f;
@@
if as_value(X, A):
    found(p[0], "virt-accessor", "%s, from %s()" % (conv(virt, A), f))

@accessor_call@
identifier virt, f =~ "^_*[a-z][a-z0-9_]*$";
expression A;
position sink.p;
@@

virt@p(\(A \& <+... f(...) ...+>\))

@script:python@
p << sink.p;
virt << accessor_call.virt;
A << accessor_call.A;
f << accessor_call.f;
@@
found(p[0], "virt-accessor", "%s, from %s()" % (conv(virt, A), f))

// The address is an integer parameter of the function: its callers got
// it from the device.
@param exists@
identifier virt, fn, P;
expression A;
type T;
position sink.p;
@@

fn(..., T P, ...)
{
... when any
virt@p(\(A \& <+... P ...+>\))
... when any
}

@script:python@
p << sink.p;
virt << param.virt;
A << param.A;
P << param.P;
T << param.T;
@@
if str(T).strip() in addr_types:
    found(p[0], "virt-param", "%s, %s %s" % (conv(virt, A), T, P))

// ----------------------------------------------------------------------
// Translations of a DMA address back to a physical one, and the drivers'
// wrappers around them.

@iova_call@
identifier i2p;
position p;
@@

\(i2p@p \& \(iommu_iova_to_phys\|dma_to_phys\)\)(...)

@script:python@
p << iova_call.p;
i2p << iova_call.i2p;
@@
found(p[0], "iova-call", "%s()" % i2p)

@iova_wrapper depends on iova_call exists@
identifier w, X;
identifier i2p = {iommu_iova_to_phys, dma_to_phys};
type T;
position p;
@@

w@p(...)
{
... when any
(
return <+... i2p(...) ...+>;
|
X = <+... i2p(...) ...+>;
... when any
return <+... X ...+>;
|
T X = <+... i2p(...) ...+>;
... when any
return <+... X ...+>;
)
}

@script:python@
p << iova_wrapper.p;
w << iova_wrapper.w;
@@
found(p[0], "iova-wrapper", "%s() returns a translated address" % w)

@iova_wrapper_call@
identifier iova_wrapper.w;
position p;
@@

w@p(...)

@script:python@
p << iova_wrapper_call.p;
w << iova_wrapper.w;
@@
found(p[0], "iova-wrapper-call", "%s()" % w)

// ----------------------------------------------------------------------
// A ring entry found by its DMA address: return base + (dma - base_dma),
// base_dma a dma_addr_t or a field named for one.

@ring depends on has_dma exists@
typedef dma_addr_t;
dma_addr_t D;
identifier fn, fld =~ "dma|phys|bus|iova";
expression V, A, E;
type T;
position p;
@@

T *fn@p(...)
{
... when any
return <+... \(V + (A - D)\|V + (A - E->fld)\) ...+>;
}

@script:python@
p << ring.p;
fn << ring.fn;
@@
found(p[0], "ring-offset", "%s() returns base + (dma - base_dma)" % fn)

@ring_call@
identifier ring.fn;
position p;
@@

fn@p(...)

@script:python@
p << ring_call.p;
fn << ring.fn;
@@
found(p[0], "ring-offset-call", "%s()" % fn)

// ----------------------------------------------------------------------
// A helper defined in another file is known by its name only:
// *_iova_to_phys() and *_iova_to_virt() (iova-wrapper-call), and
// *_dma2virt(), *_dma_to_virt(), *_phys_to_virt(), *_bus_to_virt()
// (to-virt-call).  Look for them in the files that use dma_addr_t or were
// found above: spatch parses no other file for them.

@named_call depends on has_dma || sink || iova_call@
identifier w =~ "^(?!isa_bus_to_virt$)[a-z0-9_]+_(iova_to_phys|iova_to_virt|dma2virt|dma_to_virt|phys_to_virt|bus_to_virt)$";
position p;
@@

w@p(...)

@script:python@
p << named_call.p;
w << named_call.w;
@@
if "_iova_to_" in w:
    found(p[0], "iova-wrapper-call", "%s()" % w)
else:
    found(p[0], "to-virt-call", "%s()" % w)

// ----------------------------------------------------------------------
// Context mode: mark each site found above.

@depends on context@
identifier f;
position p : script:python () { sites.get(key(p[0])) is not None };
@@

* f@p(...)

@depends on context@
identifier fn;
position p : script:python () { sites.get(key(p[0])) is not None };
@@

* fn@p(...)
  { ... }
