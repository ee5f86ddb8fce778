// The engine suite's FHIR builders and knowledge-base loader, compiled into this suite too so
// both build their fixtures the same way (one copy of the helpers, in tests/engine/).
#include "../engine/support.cc"
