#ifndef LABKIT_CYAML_SHIM_H
#define LABKIT_CYAML_SHIM_H

#include <yaml.h>

#endif
