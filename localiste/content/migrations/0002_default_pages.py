"""Create the four site pages with default texts that the operators then edit in the admin.

Pages that already exist are left untouched: an operator's text is never overwritten.
Words in square brackets are the operator's own details, to fill in before going live.
"""

from django.db import migrations

ABOUT_FR = """\
> Texte par défaut : l'équipe de [Nom de l'association] le complète et le modifie dans \
l'administration du site.

## Fabriqué ici, par des gens d'ici

En 2012, à Bordeaux, deux fondateurs ont entrepris de recenser les fabricants non \
alimentaires de la Gironde : vêtements, accessoires de mode, bijoux, mobilier, jeux de \
société, céramique, luminaires… Pour manger local, il y avait déjà les marchés, les AMAP et \
les producteurs ; pour s'habiller, se meubler ou offrir un objet fait près de chez soi, on ne \
savait pas où chercher. Leur liste est devenue un annuaire, puis ce site.

## Pourquoi acheter à celles et ceux qui fabriquent

- **Sans intermédiaire** : vous contactez directement l'atelier. Le site ne vend rien et ne \
prend aucune commission.
- **En circuit court** : ce que vous payez rémunère le travail de la personne qui fabrique.
- **Avec moins de transport** : un objet fait à quelques kilomètres n'a pas traversé la \
planète.
- **Pour des emplois d'ici** : chaque commande fait vivre un savoir-faire et un emploi sur \
le territoire.
- **Pour des objets qui durent** : qui fabrique sait aussi ajuster, personnaliser et réparer.

## Le localisme, sans frontières

Acheter local, ce n'est pas se replier sur soi. Le localisme que nous défendons est une \
habitude, pas une frontière : partout, chacun devrait pouvoir trouver près de chez lui \
quelqu'un qui fabrique ce dont il a besoin. C'est pourquoi Localiste est un logiciel libre : \
une association, une commune ou une chambre de métiers peut l'installer pour son propre \
territoire, en France ou ailleurs, et tisser le même lien entre ses habitants et ses ateliers.

## Inscrire son atelier

L'inscription est gratuite. Elle est ouverte à toute personne ou entreprise qui **fabrique \
elle-même** des objets non alimentaires sur le territoire : artisans, artisans d'art, \
créateurs, petites manufactures. Les revendeurs et les produits alimentaires n'y ont pas \
leur place.

1. Créez votre compte dans l'[espace fabricant](/espace/) avec votre adresse électronique.
2. Décrivez votre atelier : ce que vous fabriquez, vos catégories, votre histoire et votre \
savoir-faire, vos photos, où vous trouver et comment acheter. Si vous travaillez chez vous, \
la carte n'affiche que votre commune.
3. Envoyez votre fiche en relecture. Une personne de l'association vérifie qu'il s'agit bien \
d'une fabrication locale et non alimentaire, puis la publie ou vous écrit pour la compléter.
4. Ensuite, vous mettez votre page à jour quand vous le voulez. Les messages des visiteurs \
vous parviennent par courriel, sans que votre adresse soit affichée.

Votre métier ne figure pas dans les catégories, ou vous avez une question ? Écrivez-nous à \
[adresse électronique de contact].

## Qui sommes-nous

Le site est animé par [Nom de l'association], association loi 1901. [Présentation de \
l'association, de son équipe et de ses partenaires.]
"""

ABOUT_EN = """\
> Default text: the team of [Association name] completes and edits it in the site's \
administration.

## Made here, by people from here

In 2012, in Bordeaux, two founders set out to list the non-food makers of the Gironde: \
clothing, fashion accessories, jewellery, furniture, board games, ceramics, lighting… To eat \
local, there were already markets, veg-box schemes and farmers; to dress, furnish a home or \
give a gift made nearby, nobody knew where to look. Their list became a directory, then this \
site.

## Why buy from the people who make things

- **No middleman**: you contact the workshop directly. The site sells nothing and takes no \
commission.
- **Short supply chains**: what you pay goes to the person who made the thing.
- **Less transport**: an object made a few miles away has not crossed the planet.
- **Local jobs**: every order keeps a skill and a job alive in the area.
- **Things that last**: the people who make things can also adjust, personalise and repair \
them.

## Localism without borders

Buying local does not mean turning inwards. The localism we stand for is a habit, not a \
border: everyone, everywhere, should be able to find someone nearby who makes what they \
need. That is why Localiste is free software: an association, a town or a chamber of trades \
can install it for its own territory, in France or elsewhere, and build the same link \
between its residents and its workshops.

## List your workshop

Listing is free. It is open to any person or business that **makes** non-food goods \
**themselves** in the area: craftspeople, craft artists, designer-makers, small \
manufacturers. Resellers and food products are not listed.

1. Create your account in the [makers' space](/en/espace/) with your email address.
2. Describe your workshop: what you make, your categories, your story and know-how, your \
photos, where to find you and how to buy. If you work from home, the map shows only your \
town.
3. Send your page for review. Someone from the association checks that the goods are made \
locally and are not food, then publishes your page or writes to you to complete it.
4. After that, you update your page whenever you like. Messages from visitors reach you by \
email, without your address being shown.

Your trade is not among the categories, or you have a question? Write to us at \
[contact email address].

## Who we are

The site is run by [Association name], a not-for-profit association under the French law of \
1901. [About the association, its team and its partners.]
"""

RANKING_FR = """\
> Texte par défaut : l'équipe de [Nom de l'association] le modifie dans l'administration du \
site si ses pratiques évoluent.

Vous avez le droit de savoir pourquoi un atelier apparaît avant un autre. Cette page \
l'explique, comme le prévoit l'article L. 111-7 du code de la consommation.

## Aucune place ne s'achète

L'inscription est gratuite et aucun fabricant ne peut payer pour apparaître, pour monter \
dans une liste ou pour être mis en avant. L'association ne touche aucune commission sur les \
ventes. Ni un don ni une adhésion à l'association n'ont d'effet sur l'ordre des fiches.

## Dans les catégories

Les fiches d'une catégorie sont présentées **des plus récemment inscrites aux plus \
anciennes**, selon la date de leur publication sur le site. Cet ordre donne leur chance aux \
ateliers qui viennent d'ouvrir ; il ne dit rien de la qualité de leur travail.

## À la une de la page d'accueil

Les fabricants présentés à la une sont choisis par l'équipe de l'association pour des \
raisons éditoriales : faire découvrir un métier, saluer une nouvelle installation, suivre \
les saisons et les événements du territoire, varier les savoir-faire et les lieux. Ce choix \
n'est jamais rémunéré. Tout fabricant peut nous suggérer son atelier, ou celui d'un autre.

## Dans la recherche

Lorsque vous cherchez par mots-clés, l'ordre des résultats dépend de deux choses.

1. **La pertinence du texte.** Vos mots sont cherchés dans les fiches, avec un poids qui \
dépend de l'endroit où ils apparaissent, du plus fort au plus faible : le nom de l'atelier, \
ses catégories, ses produits, son accroche, puis son histoire et son savoir-faire. Un atelier \
dont le nom contient « céramique » passe donc devant un atelier qui ne cite la céramique \
qu'au détour de son histoire. Les accents, les majuscules, le singulier ou le pluriel et les \
variantes d'un même mot ne comptent pas : « ébéniste » trouve aussi « ébénisterie ».
2. **La distance**, lorsque vous indiquez un lieu (commune, code postal ou adresse) ou votre \
position. Les ateliers situés au-delà du rayon choisi sont écartés, et la proximité entre \
dans le classement : à pertinence comparable, l'atelier le plus proche passe devant. Pour \
les fabricants qui travaillent chez eux, la distance est mesurée depuis leur commune.

Les filtres (catégorie, label…) réduisent la liste sans changer l'ordre. Si la page vous \
propose un autre tri, c'est vous qui le choisissez.

## Quand une fiche est retirée

Une fiche peut être suspendue ou retirée si elle ne respecte pas les conditions \
d'inscription (fabrication propre, locale et non alimentaire), si elle contient des \
informations fausses ou si elle fait l'objet d'un signalement fondé. Le fabricant en est \
informé, avec le motif, et peut répondre.
"""

RANKING_EN = """\
> Default text: the team of [Association name] edits it in the site's administration if its \
practices change.

You have the right to know why one workshop comes before another. This page explains it, \
as French consumer law requires (article L. 111-7 of the Code de la consommation).

## No place can be bought

Listing is free, and no maker can pay to appear, to move up a list or to be featured. The \
association takes no commission on sales. Neither a donation nor membership of the \
association has any effect on the order of listings.

## In categories

The listings in a category are shown **newest first**, by the date they were published on \
the site. This order gives newly opened workshops a chance; it says nothing about the \
quality of their work.

## Featured on the home page

The makers featured on the home page are chosen by the association's team for editorial \
reasons: to introduce a craft, to welcome a new workshop, to follow the seasons and local \
events, to vary the trades and places shown. This choice is never paid for. Any maker may \
suggest their own workshop, or someone else's.

## In search

When you search with keywords, the order of results depends on two things.

1. **How well the text matches.** Your words are looked for in the listings, with a weight \
that depends on where they appear, from strongest to weakest: the workshop's name, its \
categories, its products, its tagline, then its story and know-how. A workshop whose name \
contains "ceramics" therefore comes before one that mentions ceramics only in passing in \
its story. Accents, capital letters, singular or plural and variants of the same word do \
not matter: in French, "ébéniste" also finds "ébénisterie".
2. **Distance**, when you give a place (town, postcode or address) or your position. \
Workshops beyond the chosen radius are left out, and closeness counts in the ranking: when \
relevance is similar, the nearer workshop comes first. For makers who work from home, \
distance is measured from their town.

Filters (category, label…) narrow the list without changing its order. If the page offers \
another sort order, you are the one who chooses it.

## When a listing is removed

A listing may be suspended or removed if it does not meet the listing conditions (goods \
made by the maker, locally, and not food), if it contains false information or if a report \
about it proves founded. The maker is told, with the reason, and may reply.
"""

PRIVACY_FR = """\
> Texte par défaut : l'équipe de [Nom de l'association] le relit, complète les mentions \
entre crochets et l'adapte à ses pratiques dans l'administration du site.

## Qui traite vos données

Le responsable du traitement est [Nom de l'association], [adresse du siège], joignable à \
[adresse électronique de contact]. [Délégué à la protection des données : nom et \
coordonnées, s'il en a été désigné un.]

Nous ne vendons ni ne louons aucune donnée, le site n'utilise aucun cookie de suivi ni \
publicitaire, et aucun outil de mesure d'audience tiers n'y est installé.

## Quand vous visitez le site

- **Statistiques de visite** : nous comptons, jour par jour, les visites de chaque fiche et \
les clics sur les moyens de contact, sans adresse IP, sans identifiant et sans cookie. Ces \
totaux, montrés aux fabricants, ne permettent pas de savoir qui a consulté quoi.
- **Recherches** : les recherches effectuées (mots-clés, filtres) sont enregistrées sans lien \
avec votre identité, pour améliorer les catégories et la recherche.
- **Position** : si vous partagez votre position pour trouver les ateliers proches, elle \
sert seulement à calculer les distances.
- **Cookies** : seuls des cookies indispensables au fonctionnement sont déposés (session \
lorsque vous êtes connecté, protection des formulaires, choix de la langue). Ils sont \
dispensés de consentement, c'est pourquoi le site n'affiche pas de bandeau.
- **Journaux techniques** : comme tout serveur, celui qui héberge le site enregistre \
l'adresse IP et les pages demandées, pour sa sécurité. [Si le fond de carte est chargé \
depuis un serveur externe : nom du fournisseur, qui reçoit lui aussi votre adresse IP.]

## Quand vous écrivez à un fabricant

Le formulaire de contact transmet votre nom, votre adresse électronique et votre message au \
fabricant par courriel ; il reçoit ainsi votre adresse pour vous répondre. Nous gardons une \
copie du message pour assurer son acheminement et lutter contre le spam et les abus.

## Quand vous avez un compte fabricant

Nous traitons les données de votre compte (adresse électronique, mot de passe conservé \
sous forme d'empreinte, nom) \
et celles de votre fiche : nom de l'atelier, coordonnées professionnelles, adresse, numéro \
SIRET ou de TVA si vous les indiquez, textes et photos. Les métadonnées des photos (dont la \
localisation) sont supprimées à l'envoi.

Seul ce que vous choisissez de publier est public. Votre adresse électronique de relais \
n'est jamais affichée, et si vous travaillez chez vous, seule votre commune apparaît. Les \
informations publiques des fiches peuvent être reprises dans les fichiers de données \
ouvertes du site ; les coordonnées privées n'y figurent jamais.

Lorsqu'une fiche a été créée par l'association à partir d'informations publiques, le \
fabricant concerné peut la reprendre à son compte, la corriger ou demander sa suppression.

## Sur quelles bases

- **L'exécution du contrat** (article 6.1.b du RGPD) : la gestion de votre compte et la \
publication de votre fiche.
- **Notre intérêt légitime** (article 6.1.f) : relayer les messages, lutter contre le spam et \
les abus, sécuriser le site, présenter les fabricants du territoire à partir d'informations \
professionnelles publiques.
- **Une obligation légale** (article 6.1.c) : conserver ou communiquer certaines données \
lorsque la loi l'exige.

## Combien de temps

| données | durée de conservation |
|---|---|
| compte et fiche | tant que le compte existe ; après trois ans sans connexion, nous vous \
prévenons, puis nous les supprimons faute de réponse |
| compte supprimé | effacé sous 30 jours, sauvegardes comprises |
| messages relayés | un an |
| journaux techniques | un an au plus |
| statistiques de visite | sans limite, car elles ne contiennent aucune donnée personnelle |

## Qui y a accès

Les membres de l'équipe de l'association qui en ont besoin (modération, assistance), le \
fabricant pour les messages qui lui sont adressés, et nos sous-traitants techniques : \
[Nom de l'hébergeur] pour l'hébergement et [nom du service d'envoi de courriels] pour \
l'envoi des courriels. [Préciser si des données sont transférées hors de l'Union européenne \
et avec quelles garanties ; sinon : aucune donnée n'est transférée hors de l'Union \
européenne.]

## Vos droits

Vous pouvez accéder à vos données, les rectifier, les effacer, en limiter le traitement, \
vous opposer à un traitement fondé sur notre intérêt légitime, demander leur portabilité et \
définir des directives sur leur sort après votre décès. Depuis l'espace fabricant, vous \
pouvez vous-même télécharger vos données et supprimer votre compte. Pour toute autre \
demande, écrivez à [adresse électronique de contact] : nous répondons dans un délai d'un mois.

## Réclamation

Si vous estimez que vos droits ne sont pas respectés, vous pouvez adresser une réclamation à \
la Commission nationale de l'informatique et des libertés (CNIL) : \
[www.cnil.fr](https://www.cnil.fr), 3 place de Fontenoy, TSA 80715, 75334 Paris Cedex 07.
"""

PRIVACY_EN = """\
> Default text: the team of [Association name] reviews it, fills in the details in square \
brackets and adapts it to its practices in the site's administration.

## Who processes your data

The data controller is [Association name], [registered address], reachable at [contact \
email address]. [Data protection officer: name and contact details, if one has been \
appointed.]

We neither sell nor rent any data, the site uses no tracking or advertising cookies, and no \
third-party analytics tool is installed.

## When you visit the site

- **Visit statistics**: we count, day by day, the visits to each listing and the clicks on \
contact details, without IP addresses, identifiers or cookies. These totals, shown to \
makers, cannot tell who looked at what.
- **Searches**: the searches made (keywords, filters) are recorded without any link to your \
identity, to improve the categories and the search.
- **Position**: if you share your position to find nearby workshops, it is used only to \
compute distances.
- **Cookies**: only cookies the site needs to work are set (your session when you are \
signed in, form protection, language choice). They need no consent, which is why the site \
shows no cookie banner.
- **Server logs**: like any server, the one hosting the site records IP addresses and the \
pages requested, for its security. [If map tiles are loaded from an external server: name of \
the provider, which also receives your IP address.]

## When you write to a maker

The contact form sends your name, email address and message to the maker by email, so they \
get your address to reply. We keep a copy of the message to deliver it and to fight spam \
and abuse.

## When you have a maker account

We process your account data (email address, password stored as a hash, name) and the data of your \
listing: workshop name, business contact details, address, SIRET or VAT number if you give \
them, texts and photos. Photo metadata (including location) is removed on upload.

Only what you choose to publish is public. Your relay email address is never shown, and if \
you work from home, only your town appears. The public information of listings may be \
included in the site's open data files; private contact details never are.

When the association created a listing from public information, the maker concerned may take \
it over, correct it or ask for it to be deleted.

## On what legal basis

- **Performance of a contract** (GDPR article 6(1)(b)): managing your account and publishing \
your listing.
- **Our legitimate interest** (article 6(1)(f)): relaying messages, fighting spam and abuse, \
securing the site, presenting the area's makers from public business information.
- **A legal obligation** (article 6(1)(c)): keeping or disclosing some data when the law \
requires it.

## How long

| data | kept for |
|---|---|
| account and listing | as long as the account exists; after three years without a \
sign-in, we warn you, then delete them if you do not reply |
| deleted account | erased within 30 days, backups included |
| relayed messages | one year |
| server logs | one year at most |
| visit statistics | without limit, as they contain no personal data |

## Who can see it

The members of the association's team who need it (moderation, support), the maker for the \
messages sent to them, and our technical processors: [Hosting provider name] for hosting \
and [email delivery service name] for sending emails. [State whether any data is transferred \
outside the European Union and with which safeguards; otherwise: no data is transferred \
outside the European Union.]

## Your rights

You may access your data, correct it, erase it, restrict its processing, object to \
processing based on our legitimate interest, ask for its portability and give instructions \
on what happens to it after your death. From the makers' space, you can download your data \
and delete your account yourself. For any other request, write to [contact email address]: \
we reply within one month.

## Complaints

If you believe your rights are not respected, you may complain to the French data protection \
authority, the Commission nationale de l'informatique et des libertés (CNIL): \
[www.cnil.fr](https://www.cnil.fr), 3 place de Fontenoy, TSA 80715, 75334 Paris Cedex 07, \
France.
"""

LEGAL_FR = """\
> Texte par défaut : l'équipe de [Nom de l'association] complète les mentions entre \
crochets dans l'administration du site avant sa mise en ligne.

## Éditeur

Le site est édité par [Nom de l'association], association régie par la loi du 1er juillet \
1901, enregistrée sous le numéro [numéro RNA].

- Siège : [adresse du siège]
- SIRET : [numéro SIRET, s'il y en a un]
- Contact : [adresse électronique de contact], [numéro de téléphone]

## Direction de la publication

[Prénom et nom], [qualité, par exemple présidente de l'association].

## Hébergement

[Nom de l'hébergeur], [raison sociale et adresse], [numéro de téléphone].

## Contenu des fiches

Les fiches sont rédigées par les fabricants, qui répondent de leur exactitude ; \
l'association les relit avant publication et peut les suspendre. Pour signaler un contenu \
illicite ou inexact, utilisez le lien de signalement de la fiche ou écrivez à [adresse \
électronique de contact].

Les liens vers d'autres sites, notamment ceux des fabricants, sont donnés pour votre \
information : l'association n'en contrôle pas le contenu.

## Propriété intellectuelle

Les textes et photos des fiches appartiennent à leurs auteurs, qui autorisent l'association \
à les publier sur le site et dans ses extensions (widgets, flux, affiches). Les autres \
contenus du site sont la propriété de [Nom de l'association]. Toute reproduction sans \
autorisation est interdite, hors courtes citations et autres exceptions prévues par la loi. \
Les noms et logos des labels appartiennent à leurs titulaires.

Le site fonctionne avec Localiste, logiciel libre distribué sous la licence GNU Affero \
General Public License, version 3 ou ultérieure. Le code source du site est disponible à \
l'adresse [adresse du dépôt du code source].

## Cartes et données ouvertes

- Données cartographiques : © les contributeurs d'OpenStreetMap, disponibles sous la licence \
ODbL ([openstreetmap.org/copyright](https://www.openstreetmap.org/copyright)).
- Données publiques françaises (découpage administratif, codes officiels géographiques, \
adresses) : réutilisées sous la Licence Ouverte / Open Licence version 2.0 d'Etalab.
- Noms de lieux et coordonnées : [GeoNames](https://www.geonames.org), sous licence \
Creative Commons Attribution 4.0 (CC BY 4.0).

Les informations publiques des fiches sont elles-mêmes publiées en données ouvertes sous \
[licence choisie par l'association].
"""

LEGAL_EN = """\
> Default text: the team of [Association name] fills in the details in square brackets in \
the site's administration before the site goes live.

## Publisher

The site is published by [Association name], a not-for-profit association under the French \
law of 1 July 1901, registered under number [RNA number].

- Registered office: [registered address]
- SIRET: [SIRET number, if any]
- Contact: [contact email address], [phone number]

## Director of publication

[First and last name], [position, e.g. chair of the association].

## Hosting

[Hosting provider name], [company name and address], [phone number].

## Listings

Listings are written by the makers, who answer for their accuracy; the association reviews \
them before publication and may suspend them. To report unlawful or inaccurate content, use \
the report link on the listing or write to [contact email address].

Links to other sites, including the makers' own, are given for your information: the \
association does not control their content.

## Intellectual property

The texts and photos of listings belong to their authors, who allow the association to \
publish them on the site and its extensions (widgets, feeds, posters). The site's other \
content belongs to [Association name]. Any reproduction without permission is forbidden, \
except short quotations and the other exceptions provided by law. The names and logos of \
labels belong to their owners.

The site runs on Localiste, free software released under the GNU Affero General Public \
License, version 3 or later. The site's source code is available at [source code \
repository address].

## Maps and open data

- Map data: © OpenStreetMap contributors, available under the ODbL licence \
([openstreetmap.org/copyright](https://www.openstreetmap.org/copyright)).
- French public data (administrative boundaries, official geographic codes, addresses): \
reused under Etalab's Licence Ouverte / Open Licence version 2.0.
- Place names and coordinates: [GeoNames](https://www.geonames.org), under the Creative \
Commons Attribution 4.0 licence (CC BY 4.0).

The public information of listings is itself published as open data under [licence chosen \
by the association].
"""

PAGES = {
    "a-propos": ("À propos", "About", ABOUT_FR, ABOUT_EN),
    "mentions-legales": ("Mentions légales", "Legal notice", LEGAL_FR, LEGAL_EN),
    "confidentialite": (
        "Confidentialité et données personnelles",
        "Privacy and personal data",
        PRIVACY_FR,
        PRIVACY_EN,
    ),
    "classement": (
        "Comment les fiches sont classées",
        "How listings are ranked",
        RANKING_FR,
        RANKING_EN,
    ),
}


def create_default_pages(apps, schema_editor):
    SitePage = apps.get_model("content", "SitePage")
    for slug, (title_fr, title_en, body_fr, body_en) in PAGES.items():
        SitePage.objects.get_or_create(
            slug=slug,
            defaults={
                "title_fr": title_fr,
                "title_en": title_en,
                "body_fr": body_fr,
                "body_en": body_en,
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0001_initial"),
    ]

    operations = [
        # Unapplying keeps the pages: they may hold the operator's own text by then.
        migrations.RunPython(create_default_pages, migrations.RunPython.noop),
    ]
