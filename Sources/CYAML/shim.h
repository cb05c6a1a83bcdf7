// libyaml's event-based parser.
#include <yaml.h>
